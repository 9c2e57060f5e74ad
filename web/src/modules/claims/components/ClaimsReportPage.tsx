import '../claims.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { queryString } from '../../../api/client';
import type { ClaimsReport } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StackedBars } from '../../../components/Charts';
import { DateInput } from '../../../components/DateInput';
import { todayJakarta } from '../../../dates';

/** Claims reports like the published ones: beneficiaries and Rupiah by benefit, region, year and funding source; exports; the handover list. */
export function ClaimsReportPage() {
  const { t, fmt, label } = useI18n();
  const [year, setYear] = useState('');
  const q = queryString({ year: year || undefined });
  const { data: r, error } = useApi<ClaimsReport>(`/claims-report${q}`);
  const today = todayJakarta();
  const [handover, setHandover] = useState({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const bars = (rows: { label: string; value: number; beneficiaries: number }[]) =>
    rows.map((x) => ({
      label: x.label,
      parts: [{ value: x.value, className: 'used', title: fmt.rupiah(x.value) }],
      valueText: `${fmt.rupiah(x.value)} · ${fmt.number(x.beneficiaries)} ${t('beneficiaries')}`,
    }));
  return (
    <section>
      <p>
        <Link to="/claims">‹ {t('claimsTitle')}</Link>
      </p>
      <h1>{t('claimsReport')}</h1>
      <div className="inline-form">
        <label className="field">
          <span>{t('paidInYear')}</span>
          <select name="reportYear" value={year} onChange={(e) => setYear(e.target.value)}>
            <option value="">{t('all')}</option>
            {r?.byYear.map((y) => (
              <option key={y.year} value={y.year}>
                {y.year}
              </option>
            ))}
          </select>
        </label>
        <a className="button secondary" href={`/api/v1/claims-report.xlsx${q}`}>
          Excel
        </a>
        <a className="button secondary" href={`/api/v1/claims-report.pdf${q}`}>
          PDF
        </a>
      </div>
      <ErrorNotice error={error} />
      {r && (
        <>
          <div className="cards" data-testid="report-totals">
            <div className="count">
              <strong>{fmt.number(r.totals.beneficiaries)}</strong>
              <span>{t('beneficiaries')}</span>
            </div>
            <div className="count money">
              <strong data-testid="report-paid">{fmt.rupiah(r.totals.paidAmount)}</strong>
              <span>{t('benefitsPaid')}</span>
            </div>
            <div className="count">
              <strong>{fmt.number(r.scholarship.children)}</strong>
              <span>
                {t('scholarshipChildren')} · {fmt.rupiah(r.scholarship.paidAmount)}
              </span>
            </div>
            <div className={`count ${r.totals.overdue > 0 ? 'invalid' : ''}`}>
              <strong>{fmt.number(r.totals.inProgress)}</strong>
              <span>
                {t('inProgress')} · {fmt.number(r.totals.overdue)} {t('overdue')}
              </span>
            </div>
          </div>
          <h2>{t('byBenefit')}</h2>
          <StackedBars
            ariaLabel={t('byBenefit')}
            data={bars(r.byBenefit.map((b) => ({ label: label('cb', b.benefit), value: b.paidAmount, beneficiaries: b.beneficiaries })))}
          />
          <h2>{t('byRegion')}</h2>
          <StackedBars ariaLabel={t('byRegion')} data={bars(r.byRegion.map((b) => ({ label: b.name, value: b.paidAmount, beneficiaries: b.beneficiaries })))} />
          <h2>{t('bySource')}</h2>
          <StackedBars
            ariaLabel={t('bySource')}
            data={bars(r.bySource.map((b) => ({ label: b.source, value: b.paidAmount, beneficiaries: b.beneficiaries })))}
          />
          <h2>{t('byYear')}</h2>
          <StackedBars
            ariaLabel={t('byYear')}
            data={bars(r.byYear.map((b) => ({ label: String(b.year), value: b.paidAmount, beneficiaries: b.beneficiaries })))}
          />
          <h2>{t('byStatus')}</h2>
          <div className="table-scroll">
            <table className="grid small" data-testid="report-status">
              <tbody>
                {r.byStatus.map((s) => (
                  <tr key={s.status}>
                    <td>{label('cs', s.status)}</td>
                    <td className="num">{fmt.number(s.claims)}</td>
                    <td className="num">{fmt.rupiah(s.amount)}</td>
                    <td>{s.overdue > 0 && <span className="badge warn">{`${fmt.number(s.overdue)} ${t('overdue')}`}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t('handoverList')}</h2>
      <p className="note">{t('handoverLead')}</p>
      <div className="inline-form">
        <label className="field">
          <span>{t('from')}</span>
          <DateInput name="handoverFrom" value={handover.from} onChange={(d) => setHandover({ ...handover, from: d })} />
        </label>
        <label className="field">
          <span>{t('to')}</span>
          <DateInput name="handoverTo" value={handover.to} onChange={(d) => setHandover({ ...handover, to: d })} />
        </label>
        <a className="button" href={`/api/v1/claims-handover.pdf${queryString(handover)}`} data-testid="handover-pdf">
          {t('handoverPdf')}
        </a>
      </div>
    </section>
  );
}

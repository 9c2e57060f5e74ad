import { useState } from 'react';
import { queryString } from '../../../api/client';
import { todayJakarta } from '../../../dates';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StackedBars } from '../../../components/Charts';
import { MonthInput } from '../../../components/DateInput';

interface Figures {
  workers: number;
  full: number;
  partial: number;
  uncounted: number;
  credited: number;
  rupiah: number;
}
interface SourceRow extends Figures {
  sourceId: number;
  sourceName: string;
  fundingType: string;
  creditClass: 'government' | 'private';
}
interface Report {
  monthFrom: string;
  monthTo: string;
  fullMonths: number;
  legalBasis: string;
  branches: (Figures & { regencyCode: string; regencyName: string; branch: string | null; sources: SourceRow[] })[];
  total: Figures;
}

/**
 * The BPJS branch's acquisition report (issue 16.6): subsidised workers credited by the KPI rule, per branch
 * and source, for a period; the bars show how much of each source's workforce the KPI credits.
 */
export function AcquisitionPage() {
  const { t, formatNumber, fmt } = useI18n();
  const year = todayJakarta().slice(0, 4);
  const [monthFrom, setFrom] = useState(`${year}-01`);
  const [monthTo, setTo] = useState(`${year}-12`);
  const q = queryString({ monthFrom, monthTo });
  const { data, error } = useApi<Report>(`/reports/acquisition${q}`);
  const cells = (f: Figures) => (
    <>
      <td className="num">{formatNumber(f.workers)}</td>
      <td className="num">{formatNumber(f.full)}</td>
      <td className="num">{formatNumber(f.partial)}</td>
      <td className="num">{formatNumber(f.uncounted)}</td>
      <td className="num">
        <strong>{formatNumber(f.credited)}</strong>
      </td>
      <td className="num">{fmt.rupiah(f.rupiah)}</td>
    </>
  );
  return (
    <section>
      <h1>{t('acquisitionTitle')}</h1>
      <div className="inline-form">
        <label className="field">
          <span>{t('monthFrom')}</span>
          <MonthInput name="monthFrom" value={monthFrom} onChange={setFrom} />
        </label>
        <label className="field">
          <span>{t('monthTo')}</span>
          <MonthInput name="monthTo" value={monthTo} onChange={setTo} />
        </label>
        <a className="button" href={`/api/v1/reports/acquisition.xlsx${q}`}>
          {t('download')} XLSX
        </a>
        <a className="button" href={`/api/v1/reports/acquisition.pdf${q}`}>
          {t('download')} PDF
        </a>
      </div>
      <ErrorNotice error={error} />
      {data && (
        <>
          <p className="note" data-testid="acquisition-rule">
            {t('acquisitionRule', { months: String(data.fullMonths) })} ({data.legalBasis})
          </p>
          <div className="cards">
            <div className="count">
              <strong data-testid="acquisition-credited">{formatNumber(data.total.credited)}</strong>
              <span>{t('acqCredited')}</span>
            </div>
            <div className="count">
              <strong>{formatNumber(data.total.workers)}</strong>
              <span>{t('acqWorkers')}</span>
            </div>
          </div>
          {data.branches.length === 0 && <p>{t('acqNone')}</p>}
          {data.branches.length > 0 && (
            <StackedBars
              ariaLabel={t('acquisitionTitle')}
              legend={[
                { className: 'used', label: t('acqCredited') },
                { className: 'left', label: t('acqNotCredited') },
              ]}
              data={data.branches.flatMap((b) =>
                b.sources.map((s) => ({
                  label: `${s.sourceName} (${b.regencyName})`,
                  valueText: `${formatNumber(s.credited)} / ${formatNumber(s.workers)}`,
                  parts: [
                    { value: s.credited, className: 'used', title: formatNumber(s.credited) },
                    { value: s.workers - s.credited, className: 'left', title: formatNumber(s.workers - s.credited) },
                  ],
                })),
              )}
            />
          )}
          {data.branches.map((b) => (
            <div key={b.regencyCode} className="scroll">
              <h2>
                {b.branch ?? t('acqBranchUnmapped')} · {b.regencyName}
              </h2>
              <table className="grid small" data-testid="acquisition">
                <thead>
                  <tr>
                    <th>{t('sources')}</th>
                    <th>{t('acqClass')}</th>
                    <th>{t('acqWorkers')}</th>
                    <th>{t('acqFull', { months: String(data.fullMonths) })}</th>
                    <th>{t('acqPartial')}</th>
                    <th>{t('acqUncounted')}</th>
                    <th>{t('acqCredited')}</th>
                    <th>{t('acqPaid')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.sources.map((s) => (
                    <tr key={s.sourceId}>
                      <td>
                        {s.sourceName} <span className="mono">{s.fundingType}</span>
                      </td>
                      <td>{t(s.creditClass === 'government' ? 'acqGovernment' : 'acqPrivate')}</td>
                      {cells(s)}
                    </tr>
                  ))}
                  <tr>
                    <th colSpan={2}>{t('acqTotal')}</th>
                    {cells(b)}
                  </tr>
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../../api/client';
import type { Invoice } from '../../enrolment/api';
import { thisMonthJakarta } from '../../../dates';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { usePrograms } from '../../funding/hooks/usePrograms';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgramPicker } from '../../funding/components/ProgramPicker';
import { StackedBars } from '../../../components/Charts';
import { MonthInput } from '../../../components/DateInput';
import { useAction } from '../../../hooks/useAction';

/** Billing runs per program and month, and every invoice with what is paid and what is left. */
export function BillingPage() {
  const { t, formatNumber, fmt, label } = useI18n();
  const { can } = useAuth();
  const { programs, programId, setProgramId, program, reload: reloadProgram } = usePrograms();
  const invoices = useApi<{ items: Invoice[] }>('/invoices');
  const [month, setMonth] = useState(thisMonthJakarta());
  const action = useAction();
  const { busy, error, notice: result } = action;
  const rp = fmt.rupiah;
  const run = () =>
    action.run(
      () => api<{ created: Invoice[]; alreadyBilled: boolean }>('/billing/runs', { method: 'POST', body: { programId, month } }),
      (r) => {
        invoices.reload();
        return r.alreadyBilled ? t('alreadyBilled') : t('invoicesCreated', { n: r.created.length });
      },
    );
  const setCycle = (sourceId: number, billingCycle: string) =>
    action.run(
      () => api(`/sources/${sourceId}/billing-cycle`, { method: 'PUT', body: { billingCycle } }),
      () => reloadProgram(),
    );
  const items = invoices.data?.items ?? [];
  return (
    <section>
      <h1>{t('billingTitle')}</h1>
      {can('billing.write') && programs.length > 0 && (
        <>
          <div className="inline-form">
            <ProgramPicker programs={programs} value={programId} onChange={setProgramId} />
            <label className="field">
              <span>{t('month')}</span>
              <MonthInput name="billingMonth" value={month} onChange={setMonth} />
            </label>
            <button onClick={() => void run()} disabled={busy || programId === null} data-testid="run-billing">
              {t('runBilling')}
            </button>
          </div>
          <p className="note">{t('billingHelp')}</p>
          {program && program.sources.length > 0 && (
            <table className="grid small" data-testid="billing-cycles">
              <thead>
                <tr>
                  <th>{t('sources')}</th>
                  <th>{t('billingCycle')}</th>
                </tr>
              </thead>
              <tbody>
                {program.sources.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.name} [{s.fundingType}]
                    </td>
                    <td>
                      <select name={`cycle-${s.id}`} value={s.billingCycle} onChange={(e) => void setCycle(s.id, e.target.value)}>
                        {(['monthly', 'quarterly', 'yearly'] as const).map((c) => (
                          <option key={c} value={c}>
                            {label('cycle', c)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result && (
            <p className="notice ok" data-testid="billing-result">
              {result}
            </p>
          )}
        </>
      )}
      <ErrorNotice error={error ?? invoices.error} />
      {items.length > 0 && (
        <>
          <h2>{t('paidVsOutstanding')}</h2>
          <StackedBars
            ariaLabel={t('paidVsOutstanding')}
            data={items.slice(0, 10).map((i) => ({
              label: `#${i.id} ${i.sourceName} ${fmt.month(i.periodFrom)}`,
              parts: [
                { value: i.paid, className: 'used', title: `${t('paid')}: ${rp(i.paid)}` },
                { value: i.outstanding, className: 'left', title: `${t('outstanding')}: ${rp(i.outstanding)}` },
              ],
            }))}
          />
          <table className="grid" data-testid="invoices">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('sources')}</th>
                <th>{t('period')}</th>
                <th>{t('lines')}</th>
                <th>{t('total')}</th>
                <th>{t('paid')}</th>
                <th>{t('outstanding')}</th>
                <th>{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td className="mono">
                    <Link to={`/billing/${i.id}`}>{i.id}</Link>
                  </td>
                  <td>
                    {i.sourceName} [{i.fundingType}]
                  </td>
                  <td>
                    {fmt.monthRange(i.periodFrom, i.periodTo)}
                    {i.seq > 1 ? ` (+${i.seq - 1})` : ''}
                  </td>
                  <td className="num">{formatNumber(i.lines)}</td>
                  <td className="num">{rp(i.total)}</td>
                  <td className="num">{rp(i.paid)}</td>
                  <td className="num">{rp(i.outstanding)}</td>
                  <td>
                    <span className={`status inv-${i.status}`}>{label('inv', i.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { api, uploadFile } from '../../../api/client';
import type { ClaimSubmission, DecisionResult, ScholarshipYear } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';

/** The exchange with the BPJS branch: submit the verified claims (file and cover letter), import BPJS's decisions; and the scholarship years due. */
export function ClaimsExchange({ verified, onChange }: { verified: number; onChange: () => void }) {
  const { t, fmt } = useI18n();
  const { can } = useAuth();
  const subs = useApi<{ items: ClaimSubmission[] }>('/claim-submissions');
  const due = useApi<{ count: number; items: (ScholarshipYear & { incidentId: number })[] }>('/scholarship-years/due');
  const submit = useAction();
  const decide = useAction();
  const [result, setResult] = useState<DecisionResult | null>(null);
  const refresh = () => {
    subs.reload();
    due.reload();
    onChange();
  };
  return (
    <>
      <div className="card-wide" data-testid="claims-exchange">
        <h2>{t('bpjsExchange')}</h2>
        {can('claims.write') && (
          <div className="inline-form">
            <button
              type="button"
              disabled={verified === 0 || submit.busy}
              onClick={() => void submit.run(() => api<ClaimSubmission>('/claim-submissions', { method: 'POST', body: {} }), refresh)}
              data-testid="submit-claims"
            >
              {t('submitVerified')} ({fmt.number(verified)})
            </button>
            <label className="button secondary">
              {t('importDecisions')}
              <input
                type="file"
                hidden
                name="decisions"
                accept=".csv,.xlsx"
                onChange={(e) =>
                  e.target.files?.[0] &&
                  void decide.run(
                    () => uploadFile<DecisionResult>('/claim-decisions', e.target.files![0]!, () => undefined),
                    (r) => {
                      setResult(r);
                      refresh();
                    },
                  )
                }
              />
            </label>
          </div>
        )}
        <ErrorNotice error={submit.error ?? decide.error} />
        {result && (
          <div className={`notice ${result.differences.length ? 'warn' : 'ok'}`} data-testid="decision-result">
            {t('decisionsApplied')}: {fmt.number(result.paid)} {t('paidCount')} ({fmt.rupiah(result.paidTotal)}), {fmt.number(result.rejected)}{' '}
            {t('rejectedCount')}.
            {result.differences.map((d) => (
              <div key={d.claimId}>
                #{d.claimId}: {t('computed')} {fmt.rupiah(d.computed)}, {t('paidByBpjs')} {fmt.rupiah(d.paid)} — {t('difference')} {fmt.rupiah(d.difference)}
              </div>
            ))}
          </div>
        )}
        {subs.data && subs.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="grid small" data-testid="submissions">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('letterNumber')}</th>
                  <th className="num">{t('claimCount')}</th>
                  <th className="num">{t('computed')}</th>
                  <th>{t('files')}</th>
                </tr>
              </thead>
              <tbody>
                {subs.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>#{s.id}</td>
                    <td className="mono">{s.documentNumber}</td>
                    <td className="num">{fmt.number(s.claimCount)}</td>
                    <td className="num">{fmt.rupiah(s.totalAmount)}</td>
                    <td>
                      <a href={`/api/v1/claim-submissions/${s.id}/file.xlsx`}>XLSX</a> · <a href={`/api/v1/claim-submissions/${s.id}/file.csv`}>CSV</a> ·{' '}
                      <a href={`/api/v1/claim-submissions/${s.id}/letter.pdf`}>{t('coverLetter')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="card-wide" id="beasiswa" data-testid="scholarship-due">
        <h2>
          {t('scholarshipDue')} ({fmt.number(due.data?.count ?? 0)})
        </h2>
        {due.data?.items.length === 0 && <p className="note">{t('nothingDue')}</p>}
        <ul>
          {due.data?.items.map((y) => (
            <li key={y.id}>
              <Link to={`/incidents/${y.incidentId}`}>
                {y.child} · {y.schoolYear}/{y.schoolYear + 1}
              </Link>{' '}
              · {fmt.rupiah(y.amount)}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

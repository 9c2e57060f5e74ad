import { useState } from 'react';
import { Link } from 'react-router';
import { api, uploadFile, type ApiError } from '../../../api/client';
import type { Batch, EnrollablePlan, ParticipantStatus } from '../api';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { StackedBars } from '../../../components/Charts';

const STATUSES: ParticipantStatus[] = ['candidate', 'submitted', 'active', 'lapsed', 'ended'];

/** From an approved plan to participants registered with BPJS: batches, their files, and BPJS's answer. */
export function EnrolmentPage() {
  const { t, formatNumber, fmt, label } = useI18n();
  const { can } = useAuth();
  const plans = useApi<{ items: EnrollablePlan[] }>('/enrolment/plans');
  const batches = useApi<{ items: Batch[] }>('/enrolment/batches');
  const counts = useApi<{ byStatus: Record<string, number>; total: number }>('/participants?limit=1');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [answerBatch, setAnswerBatch] = useState<number | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const reloadAll = () => {
    plans.reload();
    batches.reload();
    counts.reload();
  };
  const submit = async (planId: number) => {
    setBusy(true);
    setError(null);
    try {
      await api('/enrolment/batches', { method: 'POST', body: { planId } });
      reloadAll();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const upload = async () => {
    const batch = answerBatch ?? batches.data?.items[0]?.id;
    if (!file || !batch) return;
    setError(null);
    setPct(0);
    try {
      await uploadFile(`/enrolment/batches/${batch}/answer`, file, setPct);
      setFile(null);
      reloadAll();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPct(null);
    }
  };
  const by = counts.data?.byStatus ?? {};
  return (
    <section>
      <h1>{t('enrolmentTitle')}</h1>
      <div className="stats" data-testid="status-counts">
        {STATUSES.map((s) => (
          <div className="stat" key={s}>
            <b data-testid={`count-${s}`}>{formatNumber(by[s] ?? 0)}</b>
            <small>{label('st', s)}</small>
          </div>
        ))}
        <div className="stat">
          <Link to="/participants">{t('participantsTitle')} →</Link>
        </div>
      </div>
      <ErrorNotice error={error ?? plans.error ?? batches.error} />

      <h2>{t('approvedPlans')}</h2>
      {plans.data && plans.data.items.length === 0 && <p>{t('none0')}</p>}
      {plans.data && plans.data.items.length > 0 && (
        <table className="grid" data-testid="approved-plans">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('planName')}</th>
              <th>{t('period')}</th>
              <th>{t('funded')}</th>
              <th>{t('enrolled')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {plans.data.items.map((p) => (
              <tr key={p.id}>
                <td className="mono">
                  <Link to={`/plans/${p.id}`}>{p.id}</Link>
                </td>
                <td>{p.name}</td>
                <td>{fmt.monthRange(p.monthFrom, p.monthTo)}</td>
                <td className="num">{formatNumber(p.funded)}</td>
                <td className="num">{formatNumber(p.enrolled)}</td>
                <td>
                  {can('enrolment.write') && (
                    <button disabled={busy} onClick={() => void submit(p.id)} data-testid={`create-batch-${p.id}`}>
                      {t('createBatch')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('batches')}</h2>
      {batches.data && batches.data.items.length > 0 && (
        <>
          <StackedBars
            ariaLabel={t('batches')}
            data={batches.data.items.slice(0, 8).map((b) => ({
              label: `${t('batch')} #${b.id} · ${b.planName}`,
              parts: [
                { value: b.accepted, className: 'used', title: `${t('accepted')}: ${b.accepted}` },
                { value: b.rejected, className: 'base', title: `${t('rejected')}: ${b.rejected}` },
                { value: Math.max(0, b.submitted - b.accepted - b.rejected), className: 'left', title: `${t('submitted')}: ${b.submitted}` },
              ],
            }))}
          />
          <table className="grid" data-testid="batches">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('planName')}</th>
                <th>{t('status')}</th>
                <th>{t('submitted')}</th>
                <th>{t('continuing')}</th>
                <th>{t('accepted')}</th>
                <th>{t('rejected')}</th>
                <th>{t('downloads')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.data.items.map((b) => (
                <tr key={b.id}>
                  <td className="mono">
                    <Link to={`/participants?batchId=${b.id}`}>{b.id}</Link>
                  </td>
                  <td>{b.planName}</td>
                  <td>
                    <span className={`status ${b.status === 'answered' ? 'approved' : 'submitted'}`}>
                      {b.status === 'answered' ? t('accepted') : t('submitted')}
                    </span>
                  </td>
                  <td className="num">{formatNumber(b.submitted)}</td>
                  <td className="num">{formatNumber(b.continuing)}</td>
                  <td className="num">{formatNumber(b.accepted)}</td>
                  <td className="num">{formatNumber(b.rejected)}</td>
                  <td>
                    <a href={`/api/v1/enrolment/batches/${b.id}/registration.xlsx`}>XLSX</a> ·{' '}
                    <a href={`/api/v1/enrolment/batches/${b.id}/registration.csv`}>CSV</a> ·{' '}
                    <a href={`/api/v1/enrolment/batches/${b.id}/letter.pdf`}>{t('coverLetter')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {can('enrolment.write') && (
            <div className="card-wide" data-testid="answer-form">
              <h2>{t('uploadAnswer')}</h2>
              <p className="note">{t('answerHelp')}</p>
              <div className="inline-form">
                <label className="field">
                  <span>{t('batch')}</span>
                  <select name="answerBatch" value={answerBatch ?? batches.data.items[0]?.id ?? ''} onChange={(e) => setAnswerBatch(Number(e.target.value))}>
                    {batches.data.items.map((b) => (
                      <option key={b.id} value={b.id}>
                        #{b.id} {b.planName}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{t('chooseFile')}</span>
                  <input type="file" name="answerFile" accept=".csv,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
                </label>
                <button disabled={!file || pct !== null} onClick={() => void upload()} data-testid="upload-answer">
                  {t('uploadAnswer')}
                </button>
              </div>
              {pct !== null && <ProgressBar percent={pct} label={t('uploading', { pct })} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

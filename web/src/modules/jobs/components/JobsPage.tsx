import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import type { Job, JobList, Schedule } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { Outbox } from './Outbox';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/messages';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../dates';
import { useAction } from '../../../hooks/useAction';

const STATUSES = ['queued', 'running', 'done', 'failed'] as const;
const STATUS_KEY: Record<Job['status'], MessageKey> = { queued: 'jobsQueued', running: 'jobsRunning', done: 'jobsDone', failed: 'jobsFailed' };

/** Background jobs: counts per state, the recent jobs with their result or error, and (nationally) the schedules. */
export function JobsPage() {
  const { t, lang, pick, formatNumber, label } = useI18n();
  const { can } = useAuth();
  const [status, setStatus] = useState('');
  const { data, error, reload } = useApi<JobList>(`/jobs${status ? `?status=${status}` : ''}`);
  // Running jobs change by themselves: look again every few seconds while any is queued or running.
  const busy = (data?.counts.queued ?? 0) + (data?.counts.running ?? 0) > 0;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(reload, 3000);
    return () => clearInterval(timer);
  }, [busy, reload]);
  const action = useAction();
  const act = (path: string) =>
    action.run(
      () => api(path, { method: 'POST', body: {} }),
      () => reload(),
    );
  const badge = (status: Job['status']) => <span className={`badge${status === 'failed' ? ' warn' : ''}`}>{t(STATUS_KEY[status])}</span>;
  const kind = (k: string) => label('kind', k);
  const every = (s: Schedule) =>
    s.atMinuteWib !== null
      ? t('dailyAt', { time: `${String(Math.floor(s.atMinuteWib / 60)).padStart(2, '0')}.${String(s.atMinuteWib % 60).padStart(2, '0')}` })
      : t('everyMinutes', { n: s.everySeconds / 60 });
  const outcome = (j: Job) => {
    if (j.error) return <span className="warn-text">{pick(j.error.message)}</span>;
    if (j.result && typeof j.result === 'object' && !Array.isArray(j.result))
      return (
        <span className="mono small">
          {Object.entries(j.result)
            .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
            .map(([k, v]) => `${k}: ${typeof v === 'number' ? formatNumber(v) : String(v)}`)
            .join(' · ')}
        </span>
      );
    return null;
  };
  return (
    <section>
      <h1>{t('jobsTitle')}</h1>
      <p className="note">{t('jobsLead')}</p>
      <ErrorNotice error={error ?? action.error} />
      {data && (
        <>
          <div className="cards" data-testid="job-counts">
            {STATUSES.map((s) => (
              <button key={s} type="button" className={`count ${status === s ? 'active' : ''}`} onClick={() => setStatus(status === s ? '' : s)}>
                <span>{t(STATUS_KEY[s])}</span>
                <strong>{formatNumber(data.counts[s])}</strong>
              </button>
            ))}
          </div>
          <div className="scroll">
            <table className="grid" data-testid="jobs">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('jobKind')}</th>
                  <th>{t('jobStatus')}</th>
                  <th className="num">{t('jobAttempts')}</th>
                  <th>{t('jobRequestedBy')}</th>
                  <th>{t('jobCreated')}</th>
                  <th>{t('jobFinished')}</th>
                  <th>{t('jobResult')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.items.length === 0 && (
                  <tr>
                    <td colSpan={9}>{t('noJobs')}</td>
                  </tr>
                )}
                {data.items.map((j) => (
                  <tr key={j.id}>
                    <td className="mono">{j.id}</td>
                    <td>
                      {kind(j.kind)}
                      {j.regionCode && <span className="mono small"> · {j.regionCode}</span>}
                    </td>
                    <td>{badge(j.status)}</td>
                    <td className="num">
                      {j.attempts}/{j.maxAttempts}
                    </td>
                    <td className="mono">{j.requestedBy}</td>
                    <td className="date">{formatDateTime(j.createdAt, lang)}</td>
                    <td className="date">{formatDateTime(j.finishedAt, lang)}</td>
                    <td>{outcome(j)}</td>
                    <td>
                      {j.status === 'failed' && can('jobs.manage') && (
                        <button type="button" onClick={() => void act(`/jobs/${j.id}/retry`)}>
                          {t('jobRetry')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.schedules.length > 0 && (
            <>
              <h2>{t('jobsSchedules')}</h2>
              <div className="scroll">
                <table className="grid" data-testid="schedules">
                  <thead>
                    <tr>
                      <th>{t('scheduleName')}</th>
                      <th>{t('scheduleEvery')}</th>
                      <th>{t('scheduleNext')}</th>
                      <th>{t('scheduleLast')}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {data.schedules.map((s) => (
                      <tr key={s.name}>
                        <td>{kind(s.kind)}</td>
                        <td>{every(s)}</td>
                        <td className="date">{formatDateTime(s.nextRunAt, lang)}</td>
                        <td>
                          {s.lastStatus ? badge(s.lastStatus) : '–'} <span className="date">{formatDateTime(s.lastFinishedAt, lang)}</span>
                        </td>
                        <td>
                          {can('jobs.manage') && (
                            <button type="button" onClick={() => void act(`/jobs/schedules/${encodeURIComponent(s.name)}/run`)}>
                              {t('scheduleRunNow')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
      {can('users.manage') && <Outbox />}
    </section>
  );
}

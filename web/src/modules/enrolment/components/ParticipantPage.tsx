import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, queryString } from '../../../api/client';
import type { Timeline } from '../api';
import { todayJakarta } from '../../../dates';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DateInput } from '../../../components/DateInput';
import { useAction } from '../../../hooks/useAction';

const REASONS = ['died', 'moved', 'wage_earner', 'left_program'] as const;

/** One participant: protection on a chosen day, months billed and paid, periods, and the dated timeline. */
export function ParticipantPage() {
  const { id } = useParams();
  const { t, pick, fmt, label } = useI18n();
  const { can } = useAuth();
  const [day, setDay] = useState(todayJakarta());
  const { data, error, reload } = useApi<Timeline>(`/participants/${id}/timeline${queryString({ date: day })}`);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('left_program');
  const [endOn, setEndOn] = useState(todayJakarta());
  const [months, setMonths] = useState(3);
  const [message, setMessage] = useState('');
  const action = useAction();
  const act = (path: string, body: unknown, done?: (r: unknown) => void) => {
    setMessage('');
    return action.run(
      () => api(`/participants/${id}/${path}`, { method: 'POST', body }),
      (r) => {
        done?.(r);
        reload();
      },
    );
  };
  if (!data) return <ErrorNotice error={error} />;
  const p = data.participant;
  const pr = data.protection;
  const writable = can('enrolment.write') && p.status !== 'ended';
  return (
    <section>
      <p>
        <Link to="/participants">← {t('participantsTitle')}</Link>
      </p>
      <h1>{p.fullName}</h1>
      <p className="mono">
        NIK {p.nik} · {t('kpj')} {p.kpj ?? '—'} ·{' '}
        <span className={`status st-${p.status}`} data-testid="participant-status">
          {label('st', p.status)}
        </span>{' '}
        {t('since')} {p.statusSince}
        {p.rejection ? ` · ${t('rejected')}: ${p.rejection}` : ''}
      </p>

      <div className={`card-wide protection ${pr.state}`} data-testid="protection">
        <label className="field">
          <span>{t('checkProtection')}</span>
          <DateInput name="day" value={day} onChange={setDay} />
        </label>
        <p className="big" data-testid="protection-state">
          {label('prot', pr.state)}
          {pr.source ? ` — ${t('bySource')} ${pr.source.name}` : ''}
        </p>
        <p>
          {t('protectedUntil')}: <b>{fmt.date(pr.protectedUntil)}</b> · {t('reactivationDeadline')}: <b>{fmt.date(pr.reactivationDeadline)}</b>
        </p>
        <p className="note">{label('pr', pr.code)}</p>
      </div>

      <h2>{t('monthsBilled')}</h2>
      {data.months.length === 0 ? (
        <p>{t('none0')}</p>
      ) : (
        <div className="month-strip" data-testid="months">
          {data.months.map((m) => (
            <Link
              key={m.month}
              to={`/billing/${m.invoiceId}`}
              className={`month ${m.paid ? 'paid' : 'unpaid'}`}
              title={`${m.sourceName} · ${fmt.rupiah(m.amount)}`}
            >
              <b>{fmt.month(m.month)}</b>
              <small>{m.paid ? t('paid') : t('unpaid')}</small>
            </Link>
          ))}
        </div>
      )}

      <h2>{t('periods')}</h2>
      <table className="grid small">
        <tbody>
          {data.periods.map((x, i) => (
            <tr key={i}>
              <td>{label('periodKind', x.kind)}</td>
              <td>{fmt.monthRange(x.monthFrom, x.monthTo)}</td>
              <td>
                {x.sourceName} [{x.fundingType}]
              </td>
              <td>{x.planId ? <Link to={`/plans/${x.planId}`}>#{x.planId}</Link> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {data.events.map((e, i) => (
          <li key={i}>
            <b>{fmt.date(e.at)}</b> {e.fromStatus ? label('st', e.fromStatus) : '·'} → {label('st', e.toStatus)} — {pick(e.reasonText)}
            {e.detail ? ` (${pick(e.detailText)})` : ''} <small>· {e.actor}</small>
          </li>
        ))}
      </ol>

      {writable && (
        <div className="card-wide">
          <ErrorNotice error={action.error} />
          {message && <p className="notice ok">{message}</p>}
          <div className="inline-form">
            <label className="field">
              <span>{t('reason')}</span>
              <select name="endReason" value={reason} onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}>
                {REASONS.map((r) => (
                  <option key={r} value={r}>
                    {label('reason', r)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('onDate')}</span>
              <DateInput name="endOn" value={endOn} onChange={setEndOn} />
            </label>
            <button onClick={() => void act('end', { reason, on: endOn, version: p.version })} data-testid="end-membership">
              {t('endMembership')}
            </button>
            <button
              onClick={() =>
                void act('replace', { reason, on: endOn }, (r) => {
                  const x = r as { replacement: { id: number }; monthFrom: string; monthTo: string };
                  setMessage(t('replaced', { id: String(x.replacement.id), from: x.monthFrom, to: x.monthTo }));
                })
              }
            >
              {t('replace')}
            </button>
          </div>
          <div className="inline-form">
            <label className="field">
              <span>{t('months')}</span>
              <input type="number" name="extendMonths" min={1} max={12} value={months} onChange={(e) => setMonths(Number(e.target.value))} />
            </label>
            <button onClick={() => void act('extend', { months })}>{t('extend')}</button>
          </div>
        </div>
      )}
    </section>
  );
}

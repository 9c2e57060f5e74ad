import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../api/client';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useI18n } from '../../../i18n/I18nProvider';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { DateInput } from '../../../components/DateInput';
import type { Round } from '../api';

/** Verification rounds of the region with their progress; Disnaker opens a new one over a plan or some regions. */
export function VerificationPage() {
  const { t, formatNumber, fmt } = useI18n();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const { data, error } = useApi<{ items: Round[] }>('/verification/rounds');
  const plans = useApi<{ items: { id: number; name: string; status: string }[] }>(can('funding.read') ? '/plans' : null);
  const opening = useAction();
  const [name, setName] = useState('');
  const [planId, setPlanId] = useState('');
  const [regions, setRegions] = useState('');
  const [dueOn, setDueOn] = useState('');
  const village = me?.user.role === 'village_operator';
  const open = () =>
    opening.run(
      () =>
        api<Round>('/verification/rounds', {
          method: 'POST',
          body: {
            name,
            ...(planId
              ? { planId: Number(planId) }
              : {
                  regions: regions
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                }),
            dueOn: dueOn || null,
          },
        }),
      (r) => void navigate(`/verification/${r.id}`),
    );
  return (
    <section>
      <h1>{t('verificationTitle')}</h1>
      <p className="note">{t('verificationIntro')}</p>
      <ErrorNotice error={error} />
      <ul className="plain" data-testid="rounds">
        {data?.items.map((r) => (
          <li key={r.id} className="card">
            <Link to={`/verification/${r.id}`}>
              <strong>{r.name}</strong>
            </Link>{' '}
            <span className={`badge ${r.status === 'open' ? 'warn' : 'ok'}`}>{t(r.status === 'open' ? 'roundOpen' : 'roundSignedOff')}</span>
            {r.dueOn && (
              <span className="muted">
                {' '}
                · {t('dueOn')} {fmt.date(r.dueOn)}
              </span>
            )}
            <ProgressBar
              percent={r.total === 0 ? 0 : Math.round((r.done * 100) / r.total)}
              label={t('verifiedOf', { done: formatNumber(r.done), total: formatNumber(r.total) })}
            />
          </li>
        ))}
      </ul>
      {can('workers.write') && !village && (
        <form
          className="card"
          data-testid="open-round"
          onSubmit={(e) => {
            e.preventDefault();
            void open();
          }}
        >
          <h2>{t('openRound')}</h2>
          <label className="field">
            <span>{t('roundName')}</span>
            <input name="roundName" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </label>
          <label className="field">
            <span>{t('roundFromPlan')}</span>
            <select name="planId" value={planId} onChange={(e) => setPlanId(e.target.value)}>
              <option value="">—</option>
              {plans.data?.items
                .filter((p) => p.status === 'approved')
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    #{p.id} {p.name}
                  </option>
                ))}
            </select>
          </label>
          <label className="field">
            <span>{t('roundOrRegions')}</span>
            <input name="regions" value={regions} onChange={(e) => setRegions(e.target.value)} disabled={planId !== ''} />
          </label>
          <label className="field">
            <span>{t('dueOn')}</span>
            <DateInput name="dueOn" value={dueOn} onChange={setDueOn} />
          </label>
          <ErrorNotice error={opening.error} />
          <button type="submit" disabled={opening.busy}>
            {t('openRound')}
          </button>
        </form>
      )}
    </section>
  );
}

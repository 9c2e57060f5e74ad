import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { api } from '../../../api/client';
import type { Plan } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { usePrograms } from '../../funding/hooks/usePrograms';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { nextYearPeriod, PeriodFields, ProgramPicker, type Period } from '../../funding/components/ProgramPicker';
import { ProgressBar } from '../../../components/ProgressBar';
import { useAction } from '../../../hooks/useAction';

export function PlansPage() {
  const { t, formatNumber, fmt, label } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { programs, programId, setProgramId } = usePrograms();
  const { data, error } = useApi<{ items: Plan[] }>('/plans');
  const [period, setPeriod] = useState<Period>(nextYearPeriod());
  const [name, setName] = useState('');
  const planRun = useAction();
  const running = planRun.busy;
  const run = () =>
    planRun.run(
      () => api<Plan>('/plans', { method: 'POST', body: { programId, ...period, name: name || undefined } }),
      (plan) => void navigate(`/plans/${plan.id}`),
    );
  return (
    <section>
      <h1>{t('plansTitle')}</h1>
      {can('funding.write') && programs.length > 0 && (
        <>
          <div className="inline-form">
            <ProgramPicker programs={programs} value={programId} onChange={setProgramId} />
            <PeriodFields value={period} onChange={setPeriod} />
            <label className="field">
              <span>{t('planName')}</span>
              <input name="planName" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <button onClick={() => void run()} disabled={running || programId === null} data-testid="run-plan">
              {t('runPlan')}
            </button>
          </div>
          {running && <ProgressBar percent={60} label={t('optimizing')} />}
          <ErrorNotice error={planRun.error} />
          <p className="note">{t('objectiveNote')}</p>
        </>
      )}
      <ErrorNotice error={error} />
      {data && data.items.length === 0 && <p>{t('noPlans')}</p>}
      {data && data.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('planName')}</th>
              <th>{t('status')}</th>
              <th>{t('protected')}</th>
              <th>{t('totalRupiah')}</th>
              <th>{t('when')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((p) => (
              <tr key={p.id}>
                <td className="mono">
                  <Link to={`/plans/${p.id}`}>{p.id}</Link>
                </td>
                <td>
                  <Link to={`/plans/${p.id}`}>{p.name}</Link>
                </td>
                <td>
                  <span className={`status ${p.status}`}>{label('plan', p.status)}</span>
                </td>
                <td className="num">{formatNumber(p.summary.funded)}</td>
                <td className="num">{fmt.rupiah(p.summary.totalRupiah)}</td>
                <td className="date">{fmt.dateTime(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

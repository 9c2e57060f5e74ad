import { useState } from 'react';
import { useParams } from 'react-router';

import { api } from '../../../api/client';
import { queryString } from '../../../api/client';
import type { DoubleFundingRow, Plan, PlanCandidate } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Pagination } from '../../../components/Pagination';
import { StackedBars } from '../../../components/Charts';
import { PlanLosses } from './PlanLosses';
import { useAction } from '../../../hooks/useAction';

const OUTCOMES = ['funded', 'out_of_budget', 'ineligible'] as const;

export function PlanDetailPage() {
  const { id } = useParams();
  const { t, formatNumber, fmt, label } = useI18n();
  const { can, me } = useAuth();
  const { sectorName } = useSectors();
  const { data: plan, error, reload } = useApi<Plan>(`/plans/${id}`);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('funded');
  const [page, setPage] = useState(1);
  const cands = useApi<{ items: PlanCandidate[]; total: number }>(`/plans/${id}/candidates${queryString({ outcome, page, pageSize: 25 })}`);
  const df = useApi<{ items: DoubleFundingRow[]; total: number; rupiahAtStake: number }>(`/funding/double-funding${queryString({ planId: id })}`);
  const [note, setNote] = useState('');
  const [losses, setLosses] = useState(0);
  const [confirmed, setConfirmed] = useState(false);
  const rp = fmt.rupiah;
  const review = useAction();
  const act = (action: 'submit' | 'approve' | 'reject') =>
    review.run(
      () => api(`/plans/${id}/${action}`, { method: 'POST', body: action === 'approve' ? { note, confirmLosses: confirmed } : { note } }),
      () => {
        reload();
        df.reload();
      },
    );
  if (error) return <ErrorNotice error={error} />;
  if (!plan) return <p>{t('loading')}</p>;
  const s = plan.summary;
  const isMaker = me?.user.username === plan.createdBy;
  return (
    <section>
      <h1>
        {plan.name}{' '}
        <span className={`status ${plan.status}`} data-testid="plan-status">
          {label('plan', plan.status)}
        </span>
      </h1>
      <p className="note">
        {plan.programName} · {plan.regionCode} · {fmt.monthRange(plan.monthFrom, plan.monthTo)} ({plan.months} {t('months')}) ·{' '}
        {t('madeBy', { who: plan.createdBy })}
        {plan.reviewedBy && ` · ${t('reviewedBy', { who: plan.reviewedBy })}${plan.reviewNote ? `: “${plan.reviewNote}”` : ''}`}
      </p>
      <div className="stats" data-testid="plan-stats">
        {(
          [
            ['candidates', s.candidates],
            ['eligible', s.eligible],
            ['protected', s.funded],
            ['outOfBudget', s.outOfBudget],
            ['ineligible', s.ineligible],
          ] as const
        ).map(([k, v]) => (
          <div className="stat" key={k}>
            <small>{t(k)}</small>
            <b data-testid={`stat-${k}`}>{formatNumber(v)}</b>
          </div>
        ))}
        <div className="stat">
          <small>{t('totalRupiah')}</small>
          <b>{rp(s.totalRupiah)}</b>
        </div>
      </div>

      <div className="actions">
        <a className="button" href={`/api/v1/plans/${plan.id}/summary.pdf`}>
          {t('exportPdf')}
        </a>
        <a className="button" href={`/api/v1/plans/${plan.id}/workers.xlsx`}>
          {t('exportXlsx')}
        </a>
      </div>

      <h2>{t('perSource')}</h2>
      <StackedBars
        ariaLabel={t('perSource')}
        legend={[
          { className: 'used', label: t('used') },
          { className: 'left', label: t('left') },
        ]}
        data={s.sources.map((x) => ({
          label: x.name,
          valueText: `${rp(x.rupiah)} / ${rp(x.available)}`,
          parts: [
            { value: x.rupiah, className: 'used', title: `${t('used')}: ${rp(x.rupiah)}` },
            { value: Math.max(0, x.left), className: 'left', title: `${t('left')}: ${rp(x.left)}` },
          ],
        }))}
      />
      <table className="grid">
        <thead>
          <tr>
            <th>{t('sourceName')}</th>
            <th>{t('fundingType')}</th>
            <th>{t('available')}</th>
            <th>{t('costPerWorker')}</th>
            <th>{t('admitted')}</th>
            <th>{t('workers')}</th>
            <th>{t('used')}</th>
            <th>{t('left')}</th>
          </tr>
        </thead>
        <tbody>
          {s.sources.map((x) => (
            <tr key={x.sourceId}>
              <td>{x.name}</td>
              <td className="mono">{x.fundingType}</td>
              <td className="num">{rp(x.available)}</td>
              <td className="num">
                {x.costPerWorker.min === x.costPerWorker.max ? rp(x.costPerWorker.min) : `${rp(x.costPerWorker.min)} – ${rp(x.costPerWorker.max)}`}
              </td>
              <td className="num">{formatNumber(x.admitted)}</td>
              <td className="num">{formatNumber(x.workers)}</td>
              <td className="num">{rp(x.rupiah)}</td>
              <td className="num">{rp(x.left)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        {t('engine', { engine: t(`engine_${s.engine}`) })} {t('objectiveNote')}
      </p>

      {s.ineligibleByChecks.length > 0 && (
        <>
          <h2>{t('whyOut')}</h2>
          <ul>
            {s.ineligibleByChecks.map((x) => (
              <li key={x.checks.join('+')}>
                {formatNumber(x.count)}: {x.checks.map((c) => label('check', c)).join(' + ')}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t('doubleFunding')}</h2>
      {df.data && df.data.total === 0 && <p className="note">{t('noDoubleFunding')}</p>}
      {df.data && df.data.total > 0 && (
        <>
          <p className="notice error">
            {formatNumber(df.data.total)} · {t('atStake')}: {rp(df.data.rupiahAtStake)}
          </p>
          <table className="grid">
            <thead>
              <tr>
                <th>NIK</th>
                <th>{t('fullName')}</th>
                <th>{t('sources')}</th>
                <th>{t('overlapMonths')}</th>
                <th>{t('atStake')}</th>
              </tr>
            </thead>
            <tbody>
              {df.data.items.slice(0, 50).map((r) => (
                <tr key={`${r.workerId}-${r.planA.id}-${r.planB.id}`}>
                  <td className="mono">{r.nik}</td>
                  <td>{r.fullName}</td>
                  <td>
                    #{r.planA.id} {r.planA.source} / #{r.planB.id} {r.planB.source}
                  </td>
                  <td className="num">{r.overlapMonths}</td>
                  <td className="num">{rp(r.rupiahAtStake)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2>{t('lossesTitle')}</h2>
      <PlanLosses planId={plan.id} onLoaded={(l) => setLosses(l.total)} />

      <h2>{t('status')}</h2>
      <p className="note">{t('makerChecker')}</p>
      <ErrorNotice error={review.error} />
      <div className="inline-form">
        {plan.status === 'draft' && can('funding.write') && (
          <button onClick={() => void act('submit')} data-testid="submit-plan">
            {t('submit')}
          </button>
        )}
        {plan.status === 'submitted' && can('plans.approve') && !isMaker && (
          <>
            <label className="field">
              <span>{t('reviewNote')}</span>
              <input name="reviewNote" value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            {losses > 0 && (
              <label className="confirm" data-testid="confirm-losses">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
                {t('confirmLosses', { total: formatNumber(losses) })}
              </label>
            )}
            <button
              onClick={() => void act('approve')}
              data-testid="approve-plan"
              disabled={losses > 0 && !confirmed}
              title={losses > 0 && !confirmed ? t('confirmLossesNeeded') : undefined}
            >
              {t('approve')}
            </button>
            <button className="secondary" onClick={() => void act('reject')}>
              {t('reject')}
            </button>
          </>
        )}
      </div>

      <h2>{t('candidates')}</h2>
      <div className="tabs">
        {OUTCOMES.map((o) => (
          <button
            key={o}
            className={o === outcome ? 'on' : ''}
            onClick={() => {
              setOutcome(o);
              setPage(1);
            }}
          >
            {label('outcome', o)}
          </button>
        ))}
      </div>
      {cands.data && (
        <>
          <table className="grid" data-testid="candidates">
            <thead>
              <tr>
                <th>NIK</th>
                <th>{t('fullName')}</th>
                <th>{t('field_villageCode')}</th>
                <th>{t('field_sectorCode')}</th>
                <th>{t('field_welfareDecile')}</th>
                <th>{outcome === 'funded' ? t('sourceName') : t('reason')}</th>
                <th>{t('amount')}</th>
              </tr>
            </thead>
            <tbody>
              {cands.data.items.map((c) => (
                <tr key={c.workerId}>
                  <td className="mono">{c.nik}</td>
                  <td>{c.fullName}</td>
                  <td className="mono">{c.villageCode}</td>
                  <td>{sectorName(c.sectorCode)}</td>
                  <td className="num">{c.welfareDecile ?? t('none')}</td>
                  <td>
                    {c.outcome === 'funded'
                      ? c.sourceName
                      : c.outcome === 'out_of_budget'
                        ? t('outcome_out_of_budget')
                        : c.failedChecks.map((x) => label('check', x)).join(', ')}
                  </td>
                  <td className="num">{c.amount ? rp(c.amount) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={page} pageSize={25} total={cands.data.total} onPage={setPage} />
        </>
      )}
      <h2>{t('legalBasis')}</h2>
      <ul className="note">
        {s.legalBasis.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </section>
  );
}

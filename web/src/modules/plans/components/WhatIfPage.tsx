import { useState } from 'react';
import type { ApiError } from '../../../api/client';
import { api } from '../../../api/client';
import type { BudgetNeededView as Needed, WhatIfView as WhatIf } from '../../../api/types';
import { usePrograms } from '../../funding/hooks/usePrograms';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StackedBars, StepCurve } from '../../../components/Charts';
import { nextYearPeriod, PeriodFields, ProgramPicker, type Period } from '../../funding/components/ProgramPicker';
import { ProgressBar } from '../../../components/ProgressBar';
import { MonthInput } from '../../../components/DateInput';

type Baseline = WhatIf['baseline'];

export function WhatIfPage() {
  const { t, formatNumber, fmt } = useI18n();
  const baselineNote = (b: Baseline) => (
    <p className="note" data-testid="baseline">
      {b ? t('baselineFunded', { plan: b.planId, workers: formatNumber(b.workers), rupiah: fmt.rupiah(b.rupiah) }) : t('baselineNone')}
    </p>
  );
  const { programs, programId, setProgramId, program } = usePrograms();
  const [period, setPeriod] = useState<Period>(nextYearPeriod());
  const [scen, setScen] = useState<Period>(nextYearPeriod());
  const [sourceId, setSourceId] = useState('');
  const [add, setAdd] = useState('');
  const [target, setTarget] = useState('');
  const [percent, setPercent] = useState('');
  const [base, setBase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<WhatIf | null>(null);
  const [needed, setNeeded] = useState<Needed | null>(null);
  const rp = fmt.rupiah;
  const chosenSource = Number(sourceId || program?.sources[0]?.id);
  const guard = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const compare = () =>
    guard(async () => {
      const budgetChanges = add ? [{ sourceId: chosenSource, add: Number(add.replace(/[.\s]/g, '')) }] : [];
      setResult(
        await api<WhatIf>('/plans/what-if', {
          method: 'POST',
          body: { programId, ...period, scenario: { monthFrom: scen.monthFrom, monthTo: scen.monthTo, budgetChanges } },
        }),
      );
    });
  const howMuch = () =>
    guard(async () => {
      const body = target ? { targetWorkers: Number(target) } : { targetPercent: Number(percent), baseWorkers: Number(base) };
      setNeeded(await api<Needed>('/plans/budget-needed', { method: 'POST', body: { programId, ...period, sourceId: chosenSource, ...body } }));
    });
  return (
    <section>
      <h1>{t('whatIfTitle')}</h1>
      <div className="inline-form">
        {programs.length > 0 && <ProgramPicker programs={programs} value={programId} onChange={setProgramId} />}
        <PeriodFields
          value={period}
          onChange={(p) => {
            setPeriod(p);
            setScen(p);
          }}
        />
        <label className="field">
          <span>{t('sourceName')}</span>
          <select name="sourceId" value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
            {program?.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {busy && <ProgressBar percent={60} label={t('optimizing')} />}
      <ErrorNotice error={error} />

      <h2>{t('scenario')}</h2>
      <div className="inline-form">
        <label className="field">
          <span>{t('addToSource')}</span>
          <input name="add" inputMode="numeric" value={add} onChange={(e) => setAdd(e.target.value)} placeholder="1.260.000.000" />
        </label>
        <label className="field">
          <span>{t('scenarioMonths')}</span>
          <span>
            <MonthInput name="scenarioFrom" value={scen.monthFrom} onChange={(m) => setScen({ ...scen, monthFrom: m })} />{' '}
            <MonthInput name="scenarioTo" value={scen.monthTo} onChange={(m) => setScen({ ...scen, monthTo: m })} />
          </span>
        </label>
        <button onClick={() => void compare()} disabled={busy || programId === null} data-testid="compare">
          {t('compare')}
        </button>
      </div>
      {result && (
        <div data-testid="whatif-result">
          {baselineNote(result.baseline)}
          <div className="stats">
            <div className="stat">
              <small>{t('base')}</small>
              <b>{formatNumber(result.base.protectedWorkers)}</b>
              <small>
                {result.base.months} {t('months')} · {rp(result.base.totalRupiah)}
              </small>
            </div>
            <div className="stat">
              <small>{t('scenario')}</small>
              <b>{formatNumber(result.scenario.protectedWorkers)}</b>
              <small>
                {result.scenario.months} {t('months')} · {rp(result.scenario.totalRupiah)}
              </small>
            </div>
            <div className="stat">
              <small>{t('extraWorkers')}</small>
              <b data-testid="extra-workers">
                {result.extraWorkers >= 0 ? '+' : ''}
                {formatNumber(result.extraWorkers)}
              </b>
            </div>
          </div>
          <StackedBars
            ariaLabel={t('compare')}
            legend={[
              { className: 'base', label: `${t('base')} (${t('workers')})` },
              { className: 'scen', label: `${t('scenario')} (${t('workers')})` },
            ]}
            data={result.base.sources.flatMap((b, i) => [
              { label: `${b.name} · ${t('base')}`, parts: [{ value: b.workers, className: 'base', title: formatNumber(b.workers) }] },
              {
                label: `${b.name} · ${t('scenario')}`,
                parts: [{ value: result.scenario.sources[i]!.workers, className: 'scen', title: formatNumber(result.scenario.sources[i]!.workers) }],
              },
            ])}
          />
        </div>
      )}

      <h2>{t('howMuch')}</h2>
      <div className="inline-form">
        <label className="field">
          <span>{t('targetWorkers')}</span>
          <input name="target" type="number" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('coveragePercent')}</span>
          <input name="percent" type="number" value={percent} onChange={(e) => setPercent(e.target.value)} style={{ width: '5rem' }} />
        </label>
        <label className="field">
          <span>{t('baseWorkers')}</span>
          <input name="base" type="number" value={base} onChange={(e) => setBase(e.target.value)} />
        </label>
        <button onClick={() => void howMuch()} disabled={busy || programId === null} data-testid="how-much">
          {t('howMuch')}
        </button>
      </div>
      {needed && (
        <div data-testid="needed-result">
          {baselineNote(needed.baseline)}
          <p data-testid="needed-line">
            {t('neededLine', {
              current: formatNumber(needed.currentWorkers),
              target: formatNumber(needed.targetWorkers),
              gap: formatNumber(Math.max(0, needed.targetWorkers - needed.currentWorkers)),
            })}
          </p>
          {needed.reachable ? (
            <div className="stats">
              <div className="stat">
                <small>{t('extraNeeded')}</small>
                <b data-testid="extra-needed">{rp(needed.extraRupiah ?? 0)}</b>
                <small>
                  {formatNumber(needed.currentWorkers)} → {formatNumber(needed.targetWorkers)}
                </small>
              </div>
            </div>
          ) : (
            <p className="notice error">{t('unreachable', { max: needed.maxWorkers })}</p>
          )}
          <h3>{t('curveTitle')}</h3>
          <StepCurve points={needed.curve.map((c) => ({ x: c.extraRupiah, y: c.workers }))} xLabel="Rp" yLabel={t('workers')} target={needed.targetWorkers} />
        </div>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../api/client';
import { api, type Problem } from '../../../api/client';
import type { Budget, FundingSource, RulePreview } from '../../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { usePrograms } from '../hooks/usePrograms';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { StackedBars } from '../../../components/Charts';
import { nextYearPeriod, PeriodFields, ProgramPicker, type Period } from './ProgramPicker';
import { ProgressBar } from '../../../components/ProgressBar';

const KINDS = ['DBHCHT', 'APBD', 'APBDES', 'DANA_DESA', 'DBH_SAWIT', 'CSR', 'BANK', 'DONOR'];
const CHECKS = ['sector', 'decile', 'age', 'domicile', 'wage_earner', 'funded_elsewhere', 'unverified', 'deceased', 'rejected'] as const;

function useForm<T>(initial: T) {
  const [value, setValue] = useState(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setProblems([]);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(err as ApiError);
      setProblems((err as ApiError).problems ?? []);
      return false;
    }
  };
  return { value, setValue, problems, error, run };
}

export function FundingPage() {
  const { t, formatNumber, fmt, label } = useI18n();
  const { can, me } = useAuth();
  const { sectorName, sectors } = useSectors();
  const { programs, programId, setProgramId, program, reload, reloadList, error } = usePrograms();
  const writable = can('funding.write');
  const rp = fmt.rupiah;

  const progForm = useForm({ name: '', regionCode: me?.user.regionCode ?? '' });
  const createProgram = async (e: FormEvent) => {
    e.preventDefault();
    await progForm.run(async () => {
      const p = await api<{ id: number }>('/programs', { method: 'POST', body: progForm.value });
      progForm.setValue({ ...progForm.value, name: '' });
      reloadList();
      setProgramId(p.id);
    });
  };

  const srcForm = useForm({ name: '', kind: 'APBD', maxDecile: '', verifiedWithin: '', sectors: {} as Record<string, number> });
  const addSource = async (e: FormEvent) => {
    e.preventDefault();
    const v = srcForm.value;
    const ok = await srcForm.run(() =>
      api(`/programs/${programId}/sources`, {
        method: 'POST',
        body: {
          name: v.name,
          kind: v.kind,
          maxDecile: v.maxDecile === '' ? null : Number(v.maxDecile),
          verifiedWithinMonths: v.verifiedWithin === '' ? null : Number(v.verifiedWithin),
          sectors: Object.entries(v.sectors).map(([sectorCode, tier]) => ({ sectorCode, tier })),
        },
      }),
    );
    if (ok) {
      srcForm.setValue({ name: '', kind: 'APBD', maxDecile: '', verifiedWithin: '', sectors: {} });
      reload();
    }
  };

  const budgetForm = useForm({ sourceId: '', fiscalYear: String(nextYearPeriod().fiscalYear), amount: '', reference: '' });
  const addBudget = async (e: FormEvent) => {
    e.preventDefault();
    const v = budgetForm.value;
    const ok = await budgetForm.run(() =>
      api(`/sources/${v.sourceId}/budgets`, {
        method: 'POST',
        body: { fiscalYear: Number(v.fiscalYear), amount: Number(v.amount.replace(/[.\s]/g, '')), reference: v.reference },
      }),
    );
    if (ok) {
      budgetForm.setValue({ ...v, amount: '', reference: '' });
      reload();
    }
  };

  const [period, setPeriod] = useState<Period>(nextYearPeriod());
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const runPreview = async () => {
    setPreviewing(true);
    setPreviewError(null);
    try {
      setPreview(await api<RulePreview>('/plans/preview', { method: 'POST', body: { programId, ...period } }));
    } catch (err) {
      setPreviewError(err as ApiError);
    } finally {
      setPreviewing(false);
    }
  };

  const sourceName = (id: number) => program?.sources.find((s) => s.id === id)?.name ?? `#${id}`;
  const budgetsBySource = (s: FundingSource): Budget[] => program?.budgets.filter((b) => b.sourceId === s.id) ?? [];

  return (
    <section>
      <h1>{t('fundingTitle')}</h1>
      <ErrorNotice error={error} />
      <div className="inline-form">{programs.length > 0 && <ProgramPicker programs={programs} value={programId} onChange={setProgramId} />}</div>
      {writable && (
        <details>
          <summary>{t('newProgram')}</summary>
          <ErrorNotice error={progForm.error} />
          <form className="inline-form" onSubmit={(e) => void createProgram(e)}>
            <Field label={t('programName')} name="name" problems={progForm.problems}>
              <input value={progForm.value.name} onChange={(e) => progForm.setValue({ ...progForm.value, name: e.target.value })} />
            </Field>
            <Field label={t('region')} name="regionCode" problems={progForm.problems}>
              <input value={progForm.value.regionCode} onChange={(e) => progForm.setValue({ ...progForm.value, regionCode: e.target.value })} />
            </Field>
            <button type="submit">{t('save')}</button>
          </form>
        </details>
      )}

      {program && (
        <>
          <h2>{t('sources')}</h2>
          <table className="grid" data-testid="sources">
            <thead>
              <tr>
                <th>{t('sourceName')}</th>
                <th>{t('kind')}</th>
                <th>{t('fundingType')}</th>
                <th>{t('sectorsTiers')}</th>
                <th>{t('maxDecile')}</th>
                <th>{t('ageRange')}</th>
                <th>{t('verifiedWithin')}</th>
                <th>{t('domicile')}</th>
                <th>{t('budgets')}</th>
              </tr>
            </thead>
            <tbody>
              {program.sources.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{s.kind}</td>
                  <td className="mono">{s.fundingType}</td>
                  <td>{s.sectors.length === 0 ? t('allSectors') : s.sectors.map((x) => `${sectorName(x.sectorCode)} (${x.tier})`).join(', ')}</td>
                  <td className="num">{s.maxDecile ?? t('none')}</td>
                  <td>{s.minAge !== null || s.maxAge !== null ? `${s.minAge ?? '…'}–${s.maxAge ?? '…'}` : t('defaultAge', { min: 18, max: 65 })}</td>
                  <td className="num">{s.verifiedWithinMonths ? t('withinMonths', { n: String(s.verifiedWithinMonths) }) : t('none')}</td>
                  <td className="mono">{s.domicileCode}</td>
                  <td>
                    {budgetsBySource(s).map((b) => (
                      <div
                        key={b.id}
                        className={
                          b ===
                          budgetsBySource(s)
                            .filter((x) => x.fiscalYear === b.fiscalYear)
                            .at(-1)
                            ? ''
                            : 'note'
                        }
                      >
                        {b.fiscalYear} · {label('stage', b.stage)} · {rp(b.amount)}
                        {b.reference ? ` · ${b.reference}` : ''}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          {writable && (
            <>
              <h2>{t('addBudget')}</h2>
              <ErrorNotice error={budgetForm.error} />
              <form className="inline-form" onSubmit={(e) => void addBudget(e)} data-testid="budget-form">
                <Field label={t('sourceName')} name="sourceId" problems={budgetForm.problems}>
                  <select
                    name="sourceId"
                    value={budgetForm.value.sourceId}
                    onChange={(e) => budgetForm.setValue({ ...budgetForm.value, sourceId: e.target.value })}
                  >
                    <option value="">{t('choose')}</option>
                    {program.sources.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('fiscalYear')} name="fiscalYear" problems={budgetForm.problems}>
                  <input
                    name="budgetYear"
                    type="number"
                    value={budgetForm.value.fiscalYear}
                    onChange={(e) => budgetForm.setValue({ ...budgetForm.value, fiscalYear: e.target.value })}
                    style={{ width: '6rem' }}
                  />
                </Field>
                <Field label={t('amount')} name="amount" problems={budgetForm.problems}>
                  <input
                    name="amount"
                    inputMode="numeric"
                    value={budgetForm.value.amount}
                    onChange={(e) => budgetForm.setValue({ ...budgetForm.value, amount: e.target.value })}
                  />
                </Field>
                <Field label={t('reference')} name="reference" problems={budgetForm.problems}>
                  <input
                    name="reference"
                    value={budgetForm.value.reference}
                    onChange={(e) => budgetForm.setValue({ ...budgetForm.value, reference: e.target.value })}
                  />
                </Field>
                <button type="submit">{t('addBudget')}</button>
              </form>

              <details>
                <summary>{t('addSource')}</summary>
                <ErrorNotice error={srcForm.error} />
                <form className="form" onSubmit={(e) => void addSource(e)}>
                  <Field label={t('sourceName')} name="name" problems={srcForm.problems}>
                    <input value={srcForm.value.name} onChange={(e) => srcForm.setValue({ ...srcForm.value, name: e.target.value })} />
                  </Field>
                  <Field label={t('kind')} name="kind" problems={srcForm.problems}>
                    <select value={srcForm.value.kind} onChange={(e) => srcForm.setValue({ ...srcForm.value, kind: e.target.value })}>
                      {KINDS.map((k) => (
                        <option key={k}>{k}</option>
                      ))}
                    </select>
                  </Field>
                  <Field label={t('maxDecile')} name="maxDecile" problems={srcForm.problems}>
                    <input
                      type="number"
                      min={1}
                      max={10}
                      value={srcForm.value.maxDecile}
                      onChange={(e) => srcForm.setValue({ ...srcForm.value, maxDecile: e.target.value })}
                    />
                  </Field>
                  <Field label={t('verifiedWithin')} name="verifiedWithinMonths" problems={srcForm.problems}>
                    <input
                      type="number"
                      name="verifiedWithinMonths"
                      min={1}
                      max={60}
                      value={srcForm.value.verifiedWithin}
                      onChange={(e) => srcForm.setValue({ ...srcForm.value, verifiedWithin: e.target.value })}
                    />
                  </Field>
                  <fieldset>
                    <legend>{t('sectorsTiers')}</legend>
                    {sectors.map((s) => (
                      <label key={s.code} className="check">
                        <input
                          type="checkbox"
                          checked={s.code in srcForm.value.sectors}
                          onChange={(e) => {
                            const next = { ...srcForm.value.sectors };
                            if (e.target.checked) next[s.code] = 1;
                            else delete next[s.code];
                            srcForm.setValue({ ...srcForm.value, sectors: next });
                          }}
                        />{' '}
                        {sectorName(s.code)}{' '}
                        {s.code in srcForm.value.sectors && (
                          <select
                            value={srcForm.value.sectors[s.code]}
                            onChange={(e) => srcForm.setValue({ ...srcForm.value, sectors: { ...srcForm.value.sectors, [s.code]: Number(e.target.value) } })}
                          >
                            {[1, 2, 3].map((n) => (
                              <option key={n}>{n}</option>
                            ))}
                          </select>
                        )}
                      </label>
                    ))}
                  </fieldset>
                  <button type="submit">{t('addSource')}</button>
                </form>
              </details>
            </>
          )}

          <h2>{t('rulesPreview')}</h2>
          <div className="inline-form">
            <PeriodFields value={period} onChange={setPeriod} />
            <button onClick={() => void runPreview()} disabled={previewing} data-testid="run-preview">
              {t('runPreview')}
            </button>
          </div>
          {previewing && <ProgressBar percent={50} label={t('loading')} />}
          <ErrorNotice error={previewError} />
          {preview && (
            <div data-testid="preview">
              <div className="stats">
                <div className="stat">
                  <small>{t('candidates')}</small>
                  <b>{formatNumber(preview.candidates)}</b>
                </div>
                <div className="stat">
                  <small>{t('eligible')}</small>
                  <b>{formatNumber(preview.eligibleAny)}</b>
                </div>
              </div>
              <StackedBars
                ariaLabel={t('admitted')}
                legend={[
                  { className: 'used', label: t('admitted') },
                  { className: 'left', label: t('failing') },
                ]}
                data={preview.perSource.map((p) => ({
                  label: sourceName(p.sourceId),
                  valueText: `${formatNumber(p.admitted)} / ${formatNumber(preview.candidates)}`,
                  parts: [
                    { value: p.admitted, className: 'used', title: `${t('admitted')}: ${formatNumber(p.admitted)}` },
                    { value: preview.candidates - p.admitted, className: 'left', title: `${t('failing')}: ${formatNumber(preview.candidates - p.admitted)}` },
                  ],
                }))}
              />
              <table className="grid">
                <thead>
                  <tr>
                    <th>{t('sourceName')}</th>
                    <th>{t('admitted')}</th>
                    {CHECKS.map((c) => (
                      <th key={c}>
                        {t('failing')}: {label('check', c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.perSource.map((p) => (
                    <tr key={p.sourceId}>
                      <td>{sourceName(p.sourceId)}</td>
                      <td className="num">{formatNumber(p.admitted)}</td>
                      {CHECKS.map((c) => (
                        <td key={c} className="num">
                          {formatNumber(p.failing[c])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

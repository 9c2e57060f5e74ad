import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type ApiError } from '../../../api/client';
import { IMPORT_FIELDS, type ImportField, type ImportPolicy, type ImportView, type RowProblem } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { todayJakarta } from '../../../dates';
import { UpdatePreview } from './UpdatePreview';

const REQUIRED: ImportField[] = ['nik', 'fullName', 'birthDate', 'sex', 'villageCode', 'sectorCode'];
const POLICIES: ImportPolicy[] = ['upsert', 'insert_only', 'reject_conflicts', 'dtsen_update'];

/** The month after today in Jakarta, YYYY-MM: when a DTSEN update's eligibility changes begin by default. */
function nextMonth(): string {
  const [y, m] = todayJakarta().split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Steps 2–4 of an import: match columns, watch it run (or cancel it), read the result. */
export function ImportDetailPage() {
  const { id } = useParams();
  const { t, label } = useI18n();
  const [view, setView] = useState<ImportView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const load = () =>
      api<ImportView>(`/imports/${id}`)
        .then((v) => {
          if (!live) return;
          setView(v);
          if (v.status === 'running') timer = setTimeout(load, 600);
        })
        .catch((e: unknown) => live && setError(e as ApiError));
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, view?.status, tick]);
  if (error) return <ErrorNotice error={error} />;
  if (!view) return <p>{t('loading')}</p>;
  const step = view.status === 'created' ? 2 : view.status === 'running' ? 3 : 4;
  return (
    <section>
      <p>
        <Link to="/imports">‹ {t('back')}</Link>
      </p>
      <h1>
        {view.fileName} <span className={`status ${view.status}`}>{label('status', view.status)}</span>
      </h1>
      <ol className="steps">
        {(['stepUpload', 'stepMap', 'stepRun', 'stepResult'] as const).map((k, i) => (
          <li key={k} className={i + 1 === step ? 'on' : i + 1 < step ? 'done' : ''}>
            {t(k)}
          </li>
        ))}
      </ol>
      {step === 2 && <MappingStep view={view} onChange={setView} />}
      {step === 3 && <RunningStep view={view} onChange={setView} />}
      {step === 4 && view.policy !== 'dtsen_update' && <ResultStep view={view} />}
      {step === 4 && view.policy === 'dtsen_update' && (
        <>
          <UpdatePreview id={view.id} onDone={reload} />
          {view.counts.invalid > 0 && <ResultStep view={view} />}
        </>
      )}
    </section>
  );
}

function MappingStep({ view, onChange }: { view: ImportView; onChange: (v: ImportView) => void }) {
  const { t, pick, label } = useI18n();
  const [mapping, setMapping] = useState(view.mapping);
  const [policy, setPolicy] = useState<ImportPolicy>(view.mapping.deathDate !== undefined ? 'dtsen_update' : 'upsert');
  const [effectiveMonth, setEffectiveMonth] = useState(nextMonth());
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setMapping(view.mapping), [view.mapping]);
  const start = async () => {
    setError(null);
    try {
      onChange(
        await api<ImportView>(`/imports/${view.id}/start`, {
          method: 'POST',
          body: { mapping, policy, ...(policy === 'dtsen_update' ? { effectiveMonth } : {}) },
        }),
      );
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const chooseSheet = async (sheet: string) => {
    try {
      onChange(await api<ImportView>(`/imports/${view.id}`, { method: 'PATCH', body: { sheet } }));
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <div className="card-wide">
      <ErrorNotice error={error} />
      {error?.problems.map((p) => (
        <p key={p.field + p.code} className="field-error">
          {pick(p)}
        </p>
      ))}
      {view.sheets.length > 1 && (
        <label className="field inline">
          <span>{t('sheet')}</span>
          <select name="sheet" value={view.sheet ?? ''} onChange={(e) => void chooseSheet(e.target.value)}>
            {view.sheets.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      )}
      <table className="grid mapping">
        <thead>
          <tr>
            <th>{t('targetField')}</th>
            <th>{t('fileColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {IMPORT_FIELDS.map((f) => (
            <tr key={f}>
              <td>
                {label('field', f)} {REQUIRED.includes(f) && <small className="muted">({t('required')})</small>}
              </td>
              <td>
                <select
                  aria-label={label('field', f)}
                  value={mapping[f] ?? ''}
                  onChange={(e) => {
                    const next = { ...mapping };
                    if (e.target.value === '') delete next[f];
                    else next[f] = Number(e.target.value);
                    setMapping(next);
                  }}
                >
                  <option value="">{t('notImported')}</option>
                  {view.headers.map((h, i) => (
                    <option key={i} value={i}>
                      {h || `#${i + 1}`}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('preview')}</h2>
      <div className="scroll">
        <table className="grid small">
          <thead>
            <tr>
              {view.headers.map((h, i) => (
                <th key={i}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.sample.map((r, i) => (
              <tr key={i}>
                {view.headers.map((_, j) => (
                  <td key={j}>{r[j] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="policy">
        <legend>{t('policy')}</legend>
        {POLICIES.map((p) => (
          <label key={p}>
            <input type="radio" name="policy" value={p} checked={policy === p} onChange={() => setPolicy(p)} /> {label('policy', p)}
          </label>
        ))}
        {policy === 'dtsen_update' && (
          <label className="field inline">
            <span>{t('effectiveMonth')}</span>
            <input type="month" name="effectiveMonth" value={effectiveMonth} onChange={(e) => setEffectiveMonth(e.target.value)} />
          </label>
        )}
      </fieldset>
      <button className="primary" onClick={() => void start()}>
        {t('startImport')}
      </button>
    </div>
  );
}

function RunningStep({ view, onChange }: { view: ImportView; onChange: (v: ImportView) => void }) {
  const { t, formatNumber } = useI18n();
  // A large file on the laptop database is merged in parts after it is read: the second bar (rows into the registry).
  const merged = view.progress.rowsRead > 0 ? Math.min(99, Math.floor((100 * view.progress.rowsMerged) / view.progress.rowsRead)) : 0;
  return (
    <div className="card-wide">
      <ProgressBar percent={view.progress.percent} label={`${view.progress.percent}% · ${t('processing', { rows: formatNumber(view.progress.rowsRead) })}`} />
      {view.progress.rowsMerged > 0 && (
        <ProgressBar
          percent={merged}
          label={`${merged}% · ${t('mergingRows', { done: formatNumber(view.progress.rowsMerged), rows: formatNumber(view.progress.rowsRead) })}`}
        />
      )}
      <button disabled={view.cancelRequested} onClick={() => void api<ImportView>(`/imports/${view.id}/cancel`, { method: 'POST' }).then(onChange)}>
        {t('cancelImport')}
      </button>
    </div>
  );
}

function ResultStep({ view }: { view: ImportView }) {
  const { t, pick, formatNumber, label } = useI18n();
  const { data } = useApi<{ items: RowProblem[] }>(view.counts.invalid > 0 ? `/imports/${view.id}/errors?limit=100` : null);
  const cards = ['total', 'inserted', 'updated', 'unchanged', 'skipped', 'invalid'] as const;
  return (
    <div>
      {view.message && <div className={`notice ${view.status === 'completed' ? 'ok' : 'error'}`}>{pick(view.message)}</div>}
      <div className="cards" data-testid="import-counts">
        {cards.map((c) => (
          <div key={c} className={`count ${c}`}>
            <strong>{formatNumber(view.counts[c])}</strong>
            <span>{label('count', c)}</span>
            {c === 'inserted' && view.counts.nikUnverified > 0 && (
              <small data-testid="count-nik-unverified">{t('count_nikUnverified', { n: view.counts.nikUnverified })}</small>
            )}
          </div>
        ))}
      </div>
      {view.counts.invalid > 0 && (
        <>
          <h2>{t('problemsTitle')}</h2>
          <p>
            {t('downloadReport')}: <a href={`/api/v1/imports/${view.id}/report.xlsx`}>Excel (.xlsx)</a> ·{' '}
            <a href={`/api/v1/imports/${view.id}/report.csv`}>CSV</a>
          </p>
          <table className="grid" data-testid="problems">
            <thead>
              <tr>
                <th className="num">{t('row')}</th>
                <th>{t('column')}</th>
                <th>{t('value')}</th>
                <th>{t('problem')}</th>
              </tr>
            </thead>
            <tbody>
              {data?.items.flatMap((r) =>
                r.problems.map((p, i) => (
                  <tr key={`${r.rowNo}-${i}`}>
                    <td className="num">{r.rowNo}</td>
                    <td>{p.column || label('field', p.field)}</td>
                    <td className="mono">{p.value}</td>
                    <td>{pick(p)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

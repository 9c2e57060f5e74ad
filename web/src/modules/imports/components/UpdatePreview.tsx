import { useEffect, useState } from 'react';
import { api, queryString, type ApiError } from '../../../api/client';
import type { ChangeKind, ChangeView, ImpactView, RegistryUpdateView } from '../../../api/types';
import { CHANGE_KINDS } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StackedBars } from '../../../components/Charts';
import { Pagination } from '../../../components/Pagination';

const PAGE = 50;

/**
 * A quarterly DTSEN update (issue 16.3): what it would change, and who among the funded participants
 * loses (or gains) which source from which month with the Rupiah — before anything changes. Apply runs
 * as one transaction on the server; discard throws the preview away.
 */
export function UpdatePreview({ id, onDone }: { id: number; onDone: () => void }) {
  const { t, pick, fmt, label, formatNumber } = useI18n();
  const { can } = useAuth();
  const [view, setView] = useState<RegistryUpdateView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [kind, setKind] = useState<ChangeKind | null>(null);
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const load = () =>
      api<RegistryUpdateView>(`/registry-updates/${id}`)
        .then((v) => {
          if (!live) return;
          setView(v);
          // Applying runs as a job: look again until the update has left the preview.
          if (applying && v.status === 'previewed') timer = setTimeout(load, 700);
          else if (applying) {
            setApplying(false);
            onDone();
          }
        })
        .catch((e: unknown) => live && (setError(e as ApiError), setApplying(false)));
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, applying, onDone]);
  const losers = useApi<{ total: number; items: ImpactView[] }>(`/registry-updates/${id}/impacts${queryString({ effect: 'loses', pageSize: 200 })}`);
  const changes = useApi<{ total: number; items: ChangeView[] }>(
    `/registry-updates/${id}/changes${queryString({ kind: kind ?? undefined, page, pageSize: PAGE })}`,
  );
  if (!view) return <ErrorNotice error={error} />;
  const p = view.preview;
  const act = async (what: 'apply' | 'discard') => {
    setError(null);
    try {
      const v = await api<RegistryUpdateView>(`/registry-updates/${id}/${what}`, { method: 'POST', body: {} });
      setView(v);
      setConfirming(false);
      if (what === 'apply') setApplying(true);
      else onDone();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const month = (m: string) => fmt.month(m);
  return (
    <div data-testid="update-preview">
      {view.message && <div className={`notice ${view.status === 'failed' ? 'error' : 'ok'}`}>{pick(view.message)}</div>}
      {view.status === 'previewed' && <p className="notice">{t('updateNotApplied', { month: p ? month(p.effectiveMonth) : '' })}</p>}
      <ErrorNotice error={error} />
      {p && (
        <>
          <h2>{t('updateChanges')}</h2>
          <StackedBars
            ariaLabel={t('updateChanges')}
            data={CHANGE_KINDS.filter((k) => p.kinds[k] > 0).map((k) => ({
              label: label('change', k),
              parts: [{ value: p.kinds[k], className: k === 'died' || k === 'removed' ? 'rejected' : 'base', title: String(p.kinds[k]) }],
            }))}
          />
          <div className="tabs wrap" role="group" aria-label={t('updateChanges')}>
            <button className={kind === null ? 'on' : ''} onClick={() => (setKind(null), setPage(1))}>
              {t('all')}
            </button>
            {CHANGE_KINDS.filter((k) => p.kinds[k] > 0).map((k) => (
              <button key={k} data-testid={`kind-${k}`} className={kind === k ? 'on' : ''} onClick={() => (setKind(k), setPage(1))}>
                {label('change', k)} ({formatNumber(p.kinds[k])})
              </button>
            ))}
          </div>
          {p.notCovered && p.notCovered.districts > 0 && (
            <p className="notice warn" data-testid="not-covered">
              {t('updateNotCovered', { workers: formatNumber(p.notCovered.workers), districts: formatNumber(p.notCovered.districts) })}
            </p>
          )}
          <h2>{t('updateImpact')}</h2>
          {p.plansNotJudged.length > 0 && (
            <p className="notice warn" data-testid="plans-not-judged">
              {t('updatePlansNotJudged', { plans: p.plansNotJudged.map((x) => `#${x}`).join(', ') })}
            </p>
          )}
          <div className="cards">
            <div className={`count ${p.losing.workers > 0 ? 'invalid' : ''}`} data-testid="losing">
              <strong>{formatNumber(p.losing.workers)}</strong>
              <span>
                {t('updateLosing', { month: month(p.effectiveMonth) })} · {fmt.rupiah(p.losing.rupiah)}
              </span>
            </div>
          </div>
          {p.impacts.length === 0 ? (
            <p>{t('updateNoImpact')}</p>
          ) : (
            <div className="scroll">
              <table className="grid small" data-testid="impacts">
                <thead>
                  <tr>
                    <th>{t('sources')}</th>
                    <th>{t('updateEffect')}</th>
                    <th>{t('updateFrom')}</th>
                    <th className="num">{t('workers')}</th>
                    <th className="num">Rp</th>
                  </tr>
                </thead>
                <tbody>
                  {p.impacts.map((i) => (
                    <tr key={`${i.planId}-${i.sourceId}-${i.effect}-${i.fromMonth}`}>
                      <td>
                        {i.sourceName} <small className="muted">({i.planName})</small>
                      </td>
                      <td>{label('effect', i.funding ? i.effect : `${i.effect}_other`)}</td>
                      <td>{month(i.fromMonth)}</td>
                      <td className="num">{formatNumber(i.workers)}</td>
                      <td className="num">{fmt.rupiah(i.rupiah)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {losers.data && losers.data.items.length > 0 && (
            <div className="scroll">
              <table className="grid small" data-testid="losers">
                <thead>
                  <tr>
                    <th>NIK</th>
                    <th>{t('fullName')}</th>
                    <th>{t('village')}</th>
                    <th>{t('sources')}</th>
                    <th>{t('updateWhy')}</th>
                    <th>{t('updatePaidUntil')}</th>
                    <th className="num">Rp</th>
                  </tr>
                </thead>
                <tbody>
                  {losers.data.items.map((i) => (
                    <tr key={`${i.workerId}-${i.planId}-${i.sourceId}`}>
                      <td className="mono">{i.nik}</td>
                      <td>{i.fullName}</td>
                      <td className="mono">{i.villageCode}</td>
                      <td>{i.sourceName}</td>
                      <td>
                        {i.kinds.map((k) => label('change', k)).join(', ')} → {i.checks.map((c) => label('check', c)).join(', ')}
                      </td>
                      <td>{i.paidUntil ? fmt.date(i.paidUntil) : '—'}</td>
                      <td className="num">{fmt.rupiah(i.rupiah)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>
            {kind ? label('change', kind) : t('updateAllChanges')} ({formatNumber(changes.data?.total ?? 0)})
          </h2>
          <div className="scroll">
            <table className="grid small" data-testid="changes">
              <thead>
                <tr>
                  <th>NIK</th>
                  <th>{t('fullName')}</th>
                  <th>{t('village')}</th>
                  <th>{t('updateWhat')}</th>
                  <th>{t('updateBefore')}</th>
                  <th>{t('updateAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {changes.data?.items.map((c) => (
                  <tr key={c.nik}>
                    <td className="mono">{c.nik}</td>
                    <td>{c.fullName}</td>
                    <td>{c.villageName ?? c.villageCode}</td>
                    <td>{c.kinds.map((k) => label('change', k)).join(', ')}</td>
                    <td className="small">{pairs(c.before, label)}</td>
                    <td className="small">
                      {pairs(c.after, label)}
                      {c.otherFields.length > 0 && <small className="muted"> + {c.otherFields.join(', ')}</small>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(changes.data?.total ?? 0) > PAGE && <Pagination page={page} pageSize={PAGE} total={changes.data!.total} onPage={setPage} />}
        </>
      )}
      {view.status === 'previewed' && can('workers.write') && (
        <div className="actions">
          {applying ? (
            <p className="notice" role="status" data-testid="applying">
              {t('updateApplying')}
            </p>
          ) : confirming ? (
            <>
              <p>{t('updateConfirm', { n: formatNumber(p?.losing.workers ?? 0), rupiah: fmt.rupiah(p?.losing.rupiah ?? 0) })}</p>
              <button className="primary" data-testid="confirm-apply" onClick={() => void act('apply')}>
                {t('updateApplyNow')}
              </button>{' '}
              <button onClick={() => setConfirming(false)}>{t('cancel')}</button>
            </>
          ) : (
            <>
              <button className="primary" data-testid="apply-update" onClick={() => setConfirming(true)}>
                {t('updateApply')}
              </button>{' '}
              <button data-testid="discard-update" onClick={() => void act('discard')}>
                {t('updateDiscard')}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** The shown fields of a change, "Desil: 1", "Kode desa: 35.09…" (names and phones are never shown here). */
function pairs(o: Record<string, string | number | boolean | null>, label: (prefix: string, value: string) => string): string {
  const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.entries(o)
    .map(([k, v]) => `${label('field', camel(k))}: ${v === null ? '—' : String(v)}`)
    .join('; ');
}

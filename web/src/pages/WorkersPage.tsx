import { Link, useSearchParams } from 'react-router';
import { useState } from 'react';
import { queryString } from '../api/client';
import type { Page, Worker } from '../api/types';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/AuthProvider';
import { useSectors } from '../hooks/useSectors';
import { useI18n } from '../i18n/I18nProvider';
import { ErrorNotice } from '../components/ErrorNotice';
import { Pagination } from '../components/Pagination';
import { RegionPicker } from '../components/RegionPicker';

/** The registry: filters live in the URL so a list can be bookmarked or sent to a colleague. */
export function WorkersPage() {
  const { t, lang, formatNumber, fmt } = useI18n();
  const { can, me } = useAuth();
  const { sectors, sectorName } = useSectors();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const page = Number(params.get('page') ?? '1');
  const path = `/workers${queryString({
    q: params.get('q'),
    region: params.get('region'),
    sector: params.get('sector'),
    decileMax: params.get('decileMax'),
    needsVerification: params.get('nv'),
    page,
    pageSize: 25,
  })}`;
  const { data, error, loading } = useApi<Page<Worker>>(path);
  return (
    <section>
      <div className="page-head">
        <h1>{t('workersTitle')}</h1>
        {can('workers.write') && (
          <Link className="button primary" to="/workers/new">
            + {t('addWorker')}
          </Link>
        )}
      </div>
      {data?.items.some((w) => w.isSynthetic) && <div className="notice synthetic">{t('syntheticBanner')}</div>}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: q.trim() || null });
        }}
      >
        <label className="field grow">
          <span>{t('search')}</span>
          <input name="q" value={q} placeholder={t('searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('filterRegion')}</span>
          <RegionPicker value={params.get('region') ?? ''} within={me?.user.regionCode} onChange={(code) => set({ region: code || null })} />
        </label>
        <label className="field">
          <span>{t('filterSector')}</span>
          <select name="sector" value={params.get('sector') ?? ''} onChange={(e) => set({ sector: e.target.value || null })}>
            <option value="">{t('all')}</option>
            {sectors.map((s) => (
              <option key={s.code} value={s.code}>
                {lang === 'id' ? s.nameId : s.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('filterDecile')}</span>
          <select name="decileMax" value={params.get('decileMax') ?? ''} onChange={(e) => set({ decileMax: e.target.value || null })}>
            <option value="">{t('all')}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
              <option key={d} value={d}>
                ≤ {d}
              </option>
            ))}
          </select>
        </label>
        <label className="field check">
          <input type="checkbox" checked={params.get('nv') === 'true'} onChange={(e) => set({ nv: e.target.checked ? 'true' : null })} />
          <span>{t('filterVerification')}</span>
        </label>
        <button className="primary" type="submit">
          {t('search')}
        </button>
      </form>
      <ErrorNotice error={error} />
      <p className="muted" data-testid="count">
        {loading ? t('loading') : data ? t('resultsCount', { n: data.total }) : ''}
      </p>
      {data && data.items.length === 0 && <p className="empty">{t('noResults')}</p>}
      {data && data.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('nik')}</th>
              <th>{t('fullName')}</th>
              <th>{t('birthDate')}</th>
              <th>{t('sex')}</th>
              <th>{t('villageCode')}</th>
              <th>{t('sector')}</th>
              <th className="num">{t('decile')}</th>
              <th className="num">{t('income')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((w) => (
              <tr key={w.id}>
                <td className="mono">
                  {w.nik}
                  {w.nikNeedsVerification && (
                    <span className="badge warn" title={t('needsVerification')}>
                      !
                    </span>
                  )}
                </td>
                <td>
                  <Link to={`/workers/${w.id}`}>{w.fullName}</Link>
                  {w.isSynthetic && <span className="badge">{t('synthetic')}</span>}
                </td>
                <td className="date">{w.birthDate && w.birthDate.length === 10 ? fmt.shortDate(w.birthDate) : w.birthDate}</td>
                <td>{w.sex === 'L' ? t('sexL') : t('sexP')}</td>
                <td className="mono">{w.villageCode}</td>
                <td>{sectorName(w.sectorCode)}</td>
                <td className="num">{w.welfareDecile ?? t('none')}</td>
                <td className="num">{w.monthlyIncome === null ? t('none') : formatNumber(w.monthlyIncome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.total > data.pageSize && <Pagination page={page} pageSize={data.pageSize} total={data.total} onPage={(p) => set({ page: String(p) })} />}
    </section>
  );
}

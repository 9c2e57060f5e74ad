import { Link, useSearchParams } from 'react-router';
import { useEffect, useState } from 'react';
import { queryString } from '../../../api/client';
import type { Page, WorkerListItem } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Pagination } from '../../../components/Pagination';
import { RegionPicker } from '../../regions/components/RegionPicker';

/** The registry: filters live in the URL so a list can be bookmarked or sent to a colleague. */
export function WorkersPage() {
  const { t, lang, fmt } = useI18n();
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
    if (!('after' in changes)) next.delete('after');
    setParams(next);
  };
  const page = Number(params.get('page') ?? '1');
  // Search as one types: the list follows a quarter of a second after the last key — unless the
  // operator has meanwhile opened a worker (the list stays mounted while the next page loads).
  useEffect(() => {
    if (q.trim() === (params.get('q') ?? '')) return;
    const timer = setTimeout(() => {
      if (window.location.pathname !== '/workers') return;
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (q.trim()) next.set('q', q.trim());
        else next.delete('q');
        next.delete('page');
        next.delete('after');
        return next;
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  const filters = {
    q: params.get('q'),
    region: params.get('region'),
    sector: params.get('sector'),
    decileMax: params.get('decileMax'),
    needsVerification: params.get('nv'),
    status: params.get('status'),
    sort: params.get('sort'),
  };
  // "Next" carries the server's cursor (a keyset page costs the same at any depth); a jump uses the page number.
  const path = `/workers${queryString({ ...filters, page, pageSize: 25, cursor: params.get('after') })}`;
  const { data, error, loading } = useApi<Page<WorkerListItem>>(path);
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
        <label className="field">
          <span>{t('enrolmentStatus')}</span>
          <select name="status" value={params.get('status') ?? ''} onChange={(e) => set({ status: e.target.value || null })}>
            <option value="">{t('all')}</option>
            {(['none', 'candidate', 'submitted', 'active', 'lapsed', 'ended'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`wst_${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('sortBy')}</span>
          <select name="sort" value={params.get('sort') ?? 'name'} onChange={(e) => set({ sort: e.target.value === 'name' ? null : e.target.value })}>
            <option value="name">{t('sortName')}</option>
            <option value="registered">{t('sortNewest')}</option>
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
      <div className="page-head">
        <p className="muted" data-testid="count">
          {loading ? t('loading') : data ? t(data.totalExact ? 'resultsCount' : 'resultsCountOver', { n: data.total }) : ''}
        </p>
        <a className="button" href={`/api/v1/workers/export.xlsx${queryString(filters)}`} title={t('downloadExcelNote')} data-testid="workers-xlsx">
          {t('downloadExcel')}
        </a>
      </div>
      {data && data.items.length === 0 && <p className="empty">{t('noResults')}</p>}
      {data && data.items.length > 0 && (
        <div className="table-scroll">
          <table className="grid" data-testid="workers-table">
            <thead>
              <tr>
                <th>{t('nik')}</th>
                <th>{t('fullName')}</th>
                <th>{t('villageName')}</th>
                <th>{t('district')}</th>
                <th>{t('sector')}</th>
                <th className="num">{t('decile')}</th>
                <th>{t('enrolmentStatus')}</th>
                <th>KPJ</th>
                <th>{t('protectedUntil')}</th>
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
                  <td title={w.villageCode}>{w.villageName ?? w.villageCode}</td>
                  <td>{w.districtName ?? ''}</td>
                  <td>{sectorName(w.sectorCode)}</td>
                  <td className="num">{w.welfareDecile ?? t('none')}</td>
                  <td>
                    <span className={`status ${w.enrolment?.status ?? 'none'}`}>{t(`wst_${w.enrolment?.status ?? 'none'}`)}</span>
                  </td>
                  <td className="mono">{w.enrolment?.kpj ?? ''}</td>
                  <td className="date">{w.enrolment?.protectedUntil ? fmt.shortDate(w.enrolment.protectedUntil) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > data.pageSize && (
        <Pagination
          page={page}
          pageSize={data.pageSize}
          total={data.total}
          onPage={(p) => set({ page: String(p), after: p === page + 1 ? data.nextCursor : null })}
        />
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { api, queryString, type ApiError } from '../api/client';
import type { PublicRegionView as PublicRegion, PublicStatusView as PublicStatus } from '../../../src/modules/coverage/coverage.schemas.js';
import { useApi } from '../hooks/useApi';
import { LangSwitch } from '../components/LangSwitch';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';
import { ErrorNotice } from '../components/ErrorNotice';
import { CoverageMap, MapLegend } from '../components/CoverageMap';

/** Without login: coverage by region (aggregates only) and a worker's own status check. */
export function PublicPage() {
  const { t, lang, formatNumber, formatPercent } = useI18n();
  const [region, setRegion] = useState('');
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([]);
  const { data, error } = useApi<{ region: PublicRegion; children: PublicRegion[]; asOf: string }>(
    `/public/coverage${queryString({ regionCode: region || undefined })}`,
  );
  const [nik, setNik] = useState('');
  const [kpj, setKpj] = useState('');
  const [status, setStatus] = useState<PublicStatus | null>(null);
  const [statusError, setStatusError] = useState<ApiError | null>(null);
  const open = (code: string, name: string) => {
    if (code.length > 5) return; // regencies are the finest public level
    setTrail([...trail, { code, name }]);
    setRegion(code);
  };
  const check = async (e: FormEvent) => {
    e.preventDefault();
    setStatusError(null);
    setStatus(null);
    try {
      setStatus(await api<PublicStatus>('/public/status', { method: 'POST', body: { nik, kpj } }));
    } catch (err) {
      setStatusError(err as ApiError);
    }
  };
  const n = (v: number | string | null) => (v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v);
  return (
    <div className="public">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ◇
          </span>{' '}
          {t('appName')}
          <small>{t('tagline')}</small>
        </div>
        <div className="user">
          <LangSwitch />
          <a className="staff" href="/">
            {t('staffLogin')}
          </a>
        </div>
      </header>
      <main>
        <h1>{t('publicTitle')}</h1>
        <div className="two-col">
          <section className="card-wide" data-testid="status-check">
            <h2>{t('statusCheck')}</h2>
            <p className="note">{t('statusHelp')}</p>
            <form className="inline-form" onSubmit={(e) => void check(e)}>
              <label className="field">
                <span>NIK</span>
                <input name="nik" inputMode="numeric" autoComplete="off" value={nik} onChange={(e) => setNik(e.target.value)} />
              </label>
              <label className="field">
                <span>{t('kpjNumber')}</span>
                <input name="kpj" inputMode="numeric" autoComplete="off" maxLength={13} value={kpj} onChange={(e) => setKpj(e.target.value)} />
              </label>
              <button type="submit">{t('check')}</button>
            </form>
            <ErrorNotice error={statusError} />
            {status && !status.found && (
              <p className="notice" data-testid="status-result">
                {lang === 'id' ? status.message.id : status.message.en}
              </p>
            )}
            {status && status.found && (
              <div className={`protection ${status.state}`} data-testid="status-result">
                <p className="big">{t(`status_${status.state}` as MessageKey)}</p>
                <p>
                  {t('protectedUntil')}: <b>{status.protectedUntil ?? '—'}</b> · {t('reactivationDeadline')}: <b>{status.reactivationDeadline ?? '—'}</b>
                </p>
                {status.paidBy && (
                  <p>
                    {t('paidBy')}: {status.paidBy}
                  </p>
                )}
              </div>
            )}
          </section>
          <section>
            <p className="crumbs">
              <button className="link" onClick={() => (setTrail([]), setRegion(''))}>
                {t('country')}
              </button>
              {trail.map((c, i) => (
                <span key={c.code}>
                  {' › '}
                  <button className="link" onClick={() => (setTrail(trail.slice(0, i + 1)), setRegion(c.code))}>
                    {c.name}
                  </button>
                </span>
              ))}
            </p>
            <p className="note">{t('publicLead')}</p>
            <ErrorNotice error={error} />
            {data && (
              <>
                <p className="big" data-testid="public-pct">
                  {data.region.name}: {data.region.pct === null ? t('noData') : formatPercent(data.region.pct)}
                </p>
                <CoverageMap
                  regions={data.children.map((c) => ({ code: c.code, name: c.name, pct: c.pct }))}
                  boundaries={null}
                  onSelect={(code) => open(code, data.children.find((c) => c.code === code)?.name ?? code)}
                  labels={{ schematic: t('mapSchematic'), choropleth: t('mapChoropleth'), noData: t('noData') }}
                />
                <MapLegend noData={t('noData')} />
              </>
            )}
          </section>
        </div>
        {data && (
          <table className="grid" data-testid="public-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('region')}</th>
                <th>{t('activeParticipants')}</th>
                <th>{t('potentialParticipants')}</th>
                <th>{t('coverage')}</th>
                <th>{t('target')}</th>
                <th>{t('subsidisedByJaring')}</th>
              </tr>
            </thead>
            <tbody>
              {data.children.map((c) => (
                <tr key={c.code}>
                  <td className="num">{c.rank ?? ''}</td>
                  <td>
                    {c.code.length <= 2 ? (
                      <button className="link" onClick={() => open(c.code, c.name)}>
                        {c.name}
                      </button>
                    ) : (
                      c.name
                    )}
                  </td>
                  <td className="num">{n(c.active)}</td>
                  <td className="num">{n(c.potential)}</td>
                  <td className="num">{c.pct === null ? '—' : formatPercent(c.pct)}</td>
                  <td className="num">{c.target === null ? '' : `${c.target} %`}</td>
                  <td className="num">{n(c.subsidised)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}

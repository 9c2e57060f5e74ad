import { PublicDonors } from '../../donors/components/PublicDonors';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, queryString } from '../../../api/client';
import type { PublicCoverageView, PublicStatusView as PublicStatus } from '../../../../../src/modules/coverage/coverage.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { CoverageMap, MapLegend } from './CoverageMap';
import { useAction } from '../../../hooks/useAction';
import type { PublicClaims } from '../../../api/types';

/** Without login: coverage by region (aggregates only) and a worker's own status check. */
export function PublicPage() {
  const { t, lang, formatNumber, formatPercent, fmt, label } = useI18n();
  // The region drilled into is in the URL (?region=35), so a link or the back button shows the same view.
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? '';
  const { data, error } = useApi<PublicCoverageView>(`/public/coverage${queryString({ regionCode: region || undefined })}`);
  const provinces = useApi<PublicCoverageView>(region ? '/public/coverage' : null);
  const claims = useApi<PublicClaims>(`/public/claims${queryString({ regionCode: region || undefined })}`);
  const trail = region
    ? [
        { code: region.slice(0, 2), name: provinces.data?.children.find((c) => c.code === region.slice(0, 2))?.name ?? region.slice(0, 2) },
        ...(region.length > 2 ? [{ code: region, name: data?.region.name ?? region }] : []),
      ]
    : [];
  const [nik, setNik] = useState('');
  const [kpj, setKpj] = useState('');
  const [status, setStatus] = useState<PublicStatus | null>(null);
  const open = (code: string) => {
    if (code.length > 5) return; // regencies are the finest public level
    setParams(code ? { region: code } : {});
  };
  const checking = useAction();
  const statusError = checking.error;
  const check = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    return checking.run(
      () => api<PublicStatus>('/public/status', { method: 'POST', body: { nik, kpj } }),
      (s) => setStatus(s),
    );
  };
  const n = (v: number | string | null) => (v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v);
  return (
    <>
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
              <p className="big">{label('status', status.state)}</p>
              <p>
                {t('protectedUntil')}: <b>{fmt.date(status.protectedUntil)}</b> · {t('reactivationDeadline')}: <b>{fmt.date(status.reactivationDeadline)}</b>
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
            <button className="link" onClick={() => open('')}>
              {t('country')}
            </button>
            {trail.map((c) => (
              <span key={c.code}>
                {' › '}
                <button className="link" onClick={() => open(c.code)}>
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
                {data.region.name}:{' '}
                {data.region.pct !== null
                  ? formatPercent(data.region.pct)
                  : region === ''
                    ? t('noNationalFigure', { n: data.withData, total: data.children.length })
                    : t('noData')}
              </p>
              {data.region.pct !== null && (
                <p className="note" data-testid="public-source">
                  {t('figureSource', {
                    date: fmt.date(data.region.asOf),
                    participants: data.region.participantsSource ?? '–',
                    potential: data.region.potentialSource ?? '–',
                  })}
                </p>
              )}
              <CoverageMap
                regions={data.children.map((c) => ({ code: c.code, name: c.name, pct: c.pct }))}
                boundaries={null}
                onSelect={open}
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
              <th>{t('dataAsOf')}</th>
              <th>{t('dataSource')}</th>
            </tr>
          </thead>
          <tbody>
            {data.children.map((c) => (
              <tr key={c.code}>
                <td className="num">{c.rank ?? ''}</td>
                <td>
                  {c.code.length < 5 ? (
                    <button className="link" onClick={() => open(c.code)}>
                      {c.name}
                    </button>
                  ) : (
                    c.name
                  )}
                </td>
                <td className="num">{n(c.active)}</td>
                <td className="num">{n(c.potential)}</td>
                <td className="num">{c.pct === null ? '—' : formatPercent(c.pct)}</td>
                <td className="num">{c.target === null ? '' : `${formatPercent(c.target)} (${c.targetYear})`}</td>
                <td className="num">{n(c.subsidised)}</td>
                <td className="date">{c.asOf ? fmt.date(c.asOf) : ''}</td>
                <td className={c.participantsSource && /ilustrasi/i.test(c.participantsSource) ? 'illustrative' : undefined}>{c.participantsSource ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {claims.data && claims.data.rows.length > 0 && (
        <section className="card-wide">
          <h2>{t('publicBenefitsPaid')}</h2>
          <p className="note">{t('publicBenefitsLead').replace('{min}', String(claims.data.minCount))}</p>
          <table className="grid" data-testid="public-claims">
            <thead>
              <tr>
                <th>{t('region')}</th>
                <th className="num">{t('beneficiaries')}</th>
                <th className="num">JKM</th>
                <th className="num">JKK</th>
                <th className="num">{t('scholarshipChildren')}</th>
                <th className="num">{t('benefitsPaid')}</th>
              </tr>
            </thead>
            <tbody>
              {claims.data.rows.map((r) => (
                <tr key={r.code}>
                  <td>{r.name}</td>
                  <td className="num">{n(r.beneficiaries)}</td>
                  <td className="num">{n(r.jkm)}</td>
                  <td className="num">{n(r.jkk)}</td>
                  <td className="num">{n(r.scholarship)}</td>
                  <td className="num">{r.paidAmount === null ? '—' : fmt.rupiah(r.paidAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <PublicDonors />
    </>
  );
}

import { useState } from 'react';
import { queryString } from '../../../api/client';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { CoverageMap, MapLegend, type BoundaryCollection } from '../../coverage/components/CoverageMap';

interface Row {
  code: string;
  name: string;
  workers: number;
  verifiedPct: number;
  verifiedRecentPct: number;
  flaggedNik: number;
  noPhone: number;
  noDecile: number;
  duplicates: number;
  lastVerified: string | null;
  daysSinceVerified: number | null;
}
interface Quality {
  region: string;
  recentMonths: number;
  rows: Row[];
  total: Omit<Row, 'code' | 'name' | 'lastVerified' | 'daysSinceVerified'>;
}

/** Data quality per child region (issue 16.5): a map of the share verified recently and the table behind it; a click goes one level down. */
export function QualityPage() {
  const { t, formatNumber, formatPercent, fmt } = useI18n();
  const { me, can } = useAuth();
  const home = me?.user.regionCode ?? '35';
  const [region, setRegion] = useState(home.split('.').length >= 4 ? home.split('.').slice(0, 3).join('.') : home);
  const { data, error } = useApi<Quality>(`/data-quality${queryString({ region })}`);
  const boundaries = useApi<BoundaryCollection>(can('funding.read') ? `/coverage/boundaries${queryString({ parent: region })}` : null);
  const down = (code: string) => code.split('.').length < 4 && setRegion(code);
  const up = region.includes('.') ? region.split('.').slice(0, -1).join('.') : null;
  const months = String(data?.recentMonths ?? 12);
  return (
    <section>
      <h1>{t('qualityTitle')}</h1>
      <p className="note">{t('qualityIntro', { months })}</p>
      <p>
        <span className="mono">{region}</span>{' '}
        {up && (
          <button type="button" className="secondary" onClick={() => setRegion(up)}>
            {t('qUp')}
          </button>
        )}{' '}
        <a className="button" href={`/api/v1/data-quality.xlsx${queryString({ region })}`}>
          {t('download')} XLSX
        </a>
      </p>
      <ErrorNotice error={error} />
      {data && (
        <>
          <CoverageMap
            regions={data.rows.map((r) => ({ code: r.code, name: r.name, pct: r.workers === 0 ? null : r.verifiedRecentPct }))}
            boundaries={boundaries.data}
            onSelect={down}
            labels={{ schematic: t('mapSchematic'), choropleth: t('mapChoropleth'), noData: t('noData') }}
          />
          <MapLegend noData={t('noData')} />
          <div className="scroll">
            <table className="grid small" data-testid="quality">
              <thead>
                <tr>
                  <th>{t('navRegions')}</th>
                  <th>{t('navWorkers')}</th>
                  <th>{t('qVerified')}</th>
                  <th>{t('qVerifiedRecent', { months })}</th>
                  <th>{t('qFlaggedNik')}</th>
                  <th>{t('qNoPhone')}</th>
                  <th>{t('qNoDecile')}</th>
                  <th>{t('qDuplicates')}</th>
                  <th>{t('qLastVerified')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.code}>
                    <td>
                      {r.code.split('.').length < 4 ? (
                        <button type="button" className="link" onClick={() => down(r.code)}>
                          {r.name}
                        </button>
                      ) : (
                        r.name
                      )}
                    </td>
                    <td className="num">{formatNumber(r.workers)}</td>
                    <td className="num">{formatPercent(r.verifiedPct)}</td>
                    <td className="num">{formatPercent(r.verifiedRecentPct)}</td>
                    <td className="num">{formatNumber(r.flaggedNik)}</td>
                    <td className="num">{formatNumber(r.noPhone)}</td>
                    <td className="num">{formatNumber(r.noDecile)}</td>
                    <td className="num">{formatNumber(r.duplicates)}</td>
                    <td>{r.lastVerified ? `${fmt.date(r.lastVerified)} (${t('qDaysAgo', { n: formatNumber(r.daysSinceVerified ?? 0) })})` : '—'}</td>
                  </tr>
                ))}
                <tr>
                  <th>{region}</th>
                  <td className="num">{formatNumber(data.total.workers)}</td>
                  <td className="num">{formatPercent(data.total.verifiedPct)}</td>
                  <td className="num">{formatPercent(data.total.verifiedRecentPct)}</td>
                  <td className="num">{formatNumber(data.total.flaggedNik)}</td>
                  <td className="num">{formatNumber(data.total.noPhone)}</td>
                  <td className="num">{formatNumber(data.total.noDecile)}</td>
                  <td className="num">{formatNumber(data.total.duplicates)}</td>
                  <td />
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

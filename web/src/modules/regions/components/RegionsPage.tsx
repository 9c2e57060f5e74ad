import { Link, useNavigate, useParams } from 'react-router';
import type { RegionDetail, RegionWithCount } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { RegionPicker } from './RegionPicker';

/** Browse Indonesia's regions: province → regency/city → district → village, with a name search. */
export function RegionsPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const { t, formatNumber, label } = useI18n();
  const detail = useApi<RegionDetail>(code ? `/regions/${code}` : null);
  const provinces = useApi<{ items: RegionWithCount[] }>(code ? null : '/regions');
  const region = code ? detail.data : null;
  const children = code ? detail.data?.children : provinces.data?.items;
  return (
    <section>
      <h1>{t('regionsTitle')}</h1>
      <div className="filters">
        <label className="field grow">
          <span>{t('regionSearch')}</span>
          <RegionPicker value="" onChange={(c) => c && navigate(`/regions/${c}`)} />
        </label>
      </div>
      <ErrorNotice error={detail.error ?? provinces.error} />
      <nav className="crumbs" aria-label="breadcrumbs">
        <Link to="/regions">{t('indonesia')}</Link>
        {region?.ancestors.map((a) => (
          <span key={a.code}>
            {' › '}
            <Link to={`/regions/${a.code}`}>{a.name}</Link>
          </span>
        ))}
        {region && (
          <span>
            {' '}
            › <strong>{region.name}</strong>
          </span>
        )}
      </nav>
      {region && (
        <p>
          <span className="badge">{label('level', region.level)}</span> <code>{region.code}</code>{' '}
          <Link to={`/workers?region=${region.code}`}>{t('showWorkers')}</Link>
        </p>
      )}
      {children && children.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('code')}</th>
              <th>{t('name')}</th>
              <th className="num">{t('children')}</th>
            </tr>
          </thead>
          <tbody>
            {children.map((c) => (
              <tr key={c.code}>
                <td className="mono">{c.code}</td>
                <td>
                  <Link to={`/regions/${c.code}`}>{c.name}</Link>
                </td>
                <td className="num">{c.childCount ? formatNumber(c.childCount) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

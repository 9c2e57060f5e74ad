import { Link } from 'react-router';
import type { DonorCounters } from '../../../../../src/modules/donors/donors.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';

/** Public counters per regency (donors, workers protected, months funded), small counts hidden; and the way to become a donor. */
export function PublicDonors() {
  const { t, fmt } = useI18n();
  const { data } = useApi<DonorCounters>('/public/donor-counters');
  return (
    <section className="card-wide" data-testid="public-donors">
      <h2>{t('publicDonors')}</h2>
      <p className="note">{t('donorLead')}</p>
      <p>
        <Link className="button primary" to="/donor/daftar">
          {t('becomeDonor')}
        </Link>{' '}
        <Link to="/donor">{t('donorLogin')}</Link>
      </p>
      {data && data.items.length > 0 && (
        <>
          <p className="note">{t('publicDonorsLead', { min: data.minCount })}</p>
          <div className="table-scroll">
            <table className="grid small">
              <thead>
                <tr>
                  <th>{t('regency')}</th>
                  <th className="num">{t('donorsCount')}</th>
                  <th className="num">{t('workersProtected')}</th>
                  <th className="num">{t('monthsFunded')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.regencyCode}>
                    <td>{r.regencyName}</td>
                    {r.suppressed ? (
                      <td colSpan={3} className="muted">
                        {t('suppressedShort')}
                      </td>
                    ) : (
                      <>
                        <td className="num">{fmt.number(r.donors)}</td>
                        <td className="num">{fmt.number(r.workers)}</td>
                        <td className="num">{fmt.number(r.months)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

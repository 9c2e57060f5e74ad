import { Link, useParams } from 'react-router';
import type { AuditEntry, RegionDetail, WorkerDetail } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/messages';
import { ErrorNotice } from '../../../components/ErrorNotice';

/** Audit snapshots use the database's column names; show them with the form's labels. */
const COLUMN_LABEL: Record<string, MessageKey> = {
  nik: 'nik',
  full_name: 'fullName',
  birth_date: 'birthDate',
  sex: 'sex',
  address: 'address',
  village_code: 'villageCode',
  sector_code: 'sector',
  occupation: 'occupation',
  welfare_decile: 'decile',
  monthly_income: 'income',
  phone: 'phone',
  is_wage_earner: 'wageEarner',
  nik_needs_verification: 'filterVerification',
};

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

export function WorkerDetailPage() {
  const { id } = useParams();
  const { t, fmt, label } = useI18n();
  const { can } = useAuth();
  const { sectorName } = useSectors();
  const { data: w, error } = useApi<WorkerDetail>(`/workers/${id}`);
  const { data: history } = useApi<{ items: AuditEntry[] }>(`/workers/${id}/history`);
  const { data: village } = useApi<RegionDetail>(w ? `/regions/${w.villageCode}` : null);
  if (error) return <ErrorNotice error={error} />;
  if (!w) return <p>{t('loading')}</p>;
  const rows: [MessageKey, string][] = [
    ['nik', w.nik],
    ['birthDate', w.birthDate && w.birthDate.length === 10 ? fmt.date(w.birthDate) : w.birthDate],
    ['sex', w.sex === 'L' ? t('sexL') : t('sexP')],
    ['address', show(w.address)],
    [
      'village',
      village
        ? `${village.name}, ${village.ancestors
            .slice(1)
            .reverse()
            .map((a) => a.name)
            .join(', ')} (${w.villageCode})`
        : w.villageCode,
    ],
    ['sector', sectorName(w.sectorCode)],
    ['occupation', show(w.occupation)],
    ['decile', show(w.welfareDecile)],
    ['income', w.monthlyIncome === null ? '—' : fmt.rupiah(w.monthlyIncome)],
    ['phone', show(w.phone)],
    ['wageEarner', w.isWageEarner ? t('yes') : t('no')],
  ];
  return (
    <section>
      <p>
        <Link to="/workers">‹ {t('back')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {w.fullName} {w.isSynthetic && <span className="badge">{t('synthetic')}</span>}
        </h1>
        {can('workers.write') && (
          <Link className="button" to={`/workers/${w.id}/edit`}>
            {t('edit')}
          </Link>
        )}
      </div>
      {w.nikNeedsVerification && <div className="notice warn">{t('needsVerification')}</div>}
      {w.nikMasked && <p className="muted">{t('masked')}</p>}
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd className={k === 'nik' ? 'mono' : ''}>{v}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('participation')}</h2>
      <div data-testid="participation">
        {w.enrolment ? (
          <>
            <p>
              <span className={`status ${w.enrolment.status}`}>{t(`wst_${w.enrolment.status}`)}</span>
              {w.enrolment.kpj && (
                <>
                  {' '}
                  · KPJ <span className="mono">{w.enrolment.kpj}</span>
                </>
              )}
              {w.enrolment.protectedUntil && (
                <>
                  {' '}
                  · {t('protectedUntil')} {fmt.date(w.enrolment.protectedUntil)}
                </>
              )}{' '}
              · <Link to={`/participants/${w.enrolment.participantId}`}>{t('openParticipant')}</Link>
            </p>
            {w.periods.length > 0 && (
              <div className="table-scroll">
                <table className="grid small">
                  <thead>
                    <tr>
                      <th>{t('periods')}</th>
                      <th>{t('whoPays')}</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    {w.periods.map((x, i) => (
                      <tr key={i}>
                        <td>
                          {fmt.monthRange(x.monthFrom, x.monthTo)} ({label('periodKind', x.kind)})
                        </td>
                        <td>
                          {x.sourceName} [{x.fundingType}]
                        </td>
                        <td>{x.planId ? <Link to={`/plans/${x.planId}`}>#{x.planId}</Link> : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        ) : (
          <p className="muted">{t('noEnrolment')}</p>
        )}
      </div>
      <h2>{t('history')}</h2>
      {w.sourceImportId !== null && (
        <p className="muted">
          {t('registeredByImport')} <Link to={`/imports/${w.sourceImportId}`}>#{w.sourceImportId}</Link>
        </p>
      )}
      {history && history.items.length === 0 && w.sourceImportId === null && <p className="muted">{t('historyEmpty')}</p>}
      <ol className="history" data-testid="history">
        {history?.items.map((e) => (
          <li key={e.id}>
            <div className="when">
              <strong>{e.action === 'worker.create' ? t('created') : t('updated')}</strong> {fmt.dateTime(e.at)} {t('by')} <code>{e.actor}</code>
            </div>
            {e.action === 'worker.update' && e.after && (
              <table className="diff">
                <thead>
                  <tr>
                    <th>{t('field')}</th>
                    <th>{t('before')}</th>
                    <th>{t('after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.keys(e.after).map((k) => (
                    <tr key={k}>
                      <td>{COLUMN_LABEL[k] ? t(COLUMN_LABEL[k]) : k}</td>
                      <td className="old">{show(e.before?.[k])}</td>
                      <td className="new">{show(e.after?.[k])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { queryString } from '../../../api/client';
import type { LossesView } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Pagination } from '../../../components/Pagination';

const PAGE = 25;

/** Who a plan leaves without protection, why, and when their protection ends (issue 12.6). */
export function PlanLosses({ planId, onLoaded }: { planId: number; onLoaded?: (l: LossesView) => void }) {
  const { t, fmt } = useI18n();
  const { sectorName } = useSectors();
  const [page, setPage] = useState(1);
  const { data, error } = useApi<LossesView>(`/plans/${planId}/losses${queryString({ page, pageSize: PAGE })}`);
  useEffect(() => {
    if (data && onLoaded) onLoaded(data);
  }, [data, onLoaded]);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <p>{t('loading')}</p>;
  const n = fmt.number;
  if (data.total === 0)
    return (
      <p className="notice ok" data-testid="plan-losses">
        {t('lossesNone', { kept: n(data.kept), before: n(data.protectedBefore) })}
      </p>
    );
  return (
    <div data-testid="plan-losses">
      <p className="notice error">⚠ {t('lossesLead', { total: n(data.total), before: n(data.protectedBefore), kept: n(data.kept) })}</p>
      <ul>
        {data.byReason.map((r) => (
          <li key={`${r.reason}-${r.checks.join('+')}`}>
            <b>{n(r.count)}</b>: {t(`lossReason_${r.reason}`)}
            {r.checks.length > 0 && ` — ${r.checks.map((c) => t(`check_${c}`)).join(', ')}`}
          </li>
        ))}
        {data.byEnd.map((e) => (
          <li key={e.until}>{t('lossesEnd', { n: n(e.count), date: fmt.date(e.until) })}</li>
        ))}
      </ul>
      <div className="table-scroll">
        <table className="grid" data-testid="losses-table">
          <thead>
            <tr>
              <th>NIK</th>
              <th>KPJ</th>
              <th>{t('fullName')}</th>
              <th>{t('level_village')}</th>
              <th>{t('field_sectorCode')}</th>
              <th>{t('protectedUntil')}</th>
              <th>{t('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((x) => (
              <tr key={x.participantId}>
                <td className="mono">{x.nik}</td>
                <td className="mono">{x.kpj ?? '–'}</td>
                <td>{x.fullName}</td>
                <td>{x.villageName ?? x.villageCode}</td>
                <td>{sectorName(x.sectorCode)}</td>
                <td className="date">{fmt.date(x.until)}</td>
                <td>
                  {t(`lossReason_${x.reason}`)}
                  {x.checks.length > 0 && ` (${x.checks.map((c) => t(`check_${c}`)).join(', ')})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={PAGE} total={data.total} onPage={setPage} />
    </div>
  );
}

import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { queryString } from '../../../api/client';
import type { Participant, ParticipantStatus } from '../api';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Pagination } from '../../../components/Pagination';

const STATUSES: ParticipantStatus[] = ['candidate', 'submitted', 'active', 'lapsed', 'ended'];
const PAGE = 50;

export function ParticipantsPage() {
  const { t, formatNumber, label } = useI18n();
  const [params] = useSearchParams();
  const [status, setStatus] = useState('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const batchId = params.get('batchId');
  const { data, error } = useApi<{ items: Participant[]; total: number; byStatus: Record<string, number> }>(
    `/participants${queryString({ status, q: search, batchId, limit: PAGE, offset: (page - 1) * PAGE })}`,
  );
  return (
    <section>
      <h1>
        {t('participantsTitle')}
        {batchId ? ` · ${t('batch')} #${batchId}` : ''}
      </h1>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q);
          setPage(1);
        }}
      >
        <label className="field">
          <span>{t('search')}</span>
          <input name="q" value={q} placeholder={t('searchParticipant')} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('status')}</span>
          <select name="status" value={status} onChange={(e) => (setStatus(e.target.value), setPage(1))}>
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label('st', s)} ({formatNumber(data?.byStatus[s] ?? 0)})
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('search')}</button>
      </form>
      <ErrorNotice error={error} />
      {data && (
        <>
          <table className="grid" data-testid="participants">
            <thead>
              <tr>
                <th>#</th>
                <th>NIK</th>
                <th>{t('fullName')}</th>
                <th>{t('kpj')}</th>
                <th>{t('status')}</th>
                <th>{t('since')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.id}>
                  <td className="mono">
                    <Link to={`/participants/${p.id}`}>{p.id}</Link>
                  </td>
                  <td className="mono">{p.nik}</td>
                  <td>
                    <Link to={`/participants/${p.id}`}>{p.fullName}</Link>
                  </td>
                  <td className="mono">{p.kpj ?? '—'}</td>
                  <td>
                    <span className={`status st-${p.status}`}>{label('st', p.status)}</span>
                  </td>
                  <td className="date">{p.statusSince}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={page} pageSize={PAGE} total={data.total} onPage={setPage} />
        </>
      )}
    </section>
  );
}

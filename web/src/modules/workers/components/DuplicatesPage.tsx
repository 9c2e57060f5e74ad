import { useState } from 'react';
import { Link } from 'react-router';
import { api, queryString } from '../../../api/client';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useI18n } from '../../../i18n/I18nProvider';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Pagination } from '../../../components/Pagination';

interface Side {
  workerId: number;
  nik: string;
  fullName: string;
  birthDate: string | null;
  sex: string;
  villageCode: string;
  participant: boolean;
}
interface Pair {
  id: number;
  score: number;
  agreements: { field: string; how: string; points: number }[];
  a: Side;
  b: Side;
}

const PAGE = 20;

/** Likely duplicates (issue 16.4): each pair side by side with why it looks like one person; dismiss or merge. */
export function DuplicatesPage() {
  const { t, lang, formatNumber, fmt } = useI18n();
  const { can } = useAuth();
  const [page, setPage] = useState(1);
  const { data, error, reload } = useApi<{ items: Pair[]; total: number }>(`/duplicates${queryString({ page, pageSize: PAGE })}`);
  const act = useAction();
  const how = (s: string) => s.split(' / ')[lang === 'id' ? 0 : 1] ?? s;
  const side = (p: Pair, s: Side) => (
    <div className="dup-side">
      <strong>
        <Link to={`/workers/${s.workerId}`}>{s.fullName}</Link>
      </strong>
      {s.participant && <span className="badge ok">{t('isParticipant')}</span>}
      <div className="mono">{s.nik}</div>
      <div className="muted">
        {s.birthDate ? fmt.date(s.birthDate) : ''} · {s.sex} · {s.villageCode}
      </div>
      {can('workers.write') && (
        <button
          type="button"
          className="secondary"
          data-testid={`keep-${s.workerId}`}
          disabled={act.busy}
          onClick={() =>
            void act.run(
              () => api(`/duplicates/${p.id}/merge`, { method: 'POST', body: { keepWorkerId: s.workerId } }),
              () => void reload(),
            )
          }
        >
          {t('keepThis')}
        </button>
      )}
    </div>
  );
  return (
    <section>
      <h1>{t('duplicatesTitle')}</h1>
      <p className="note">{t('duplicatesIntro')}</p>
      {can('workers.write') && (
        <p>
          <button
            type="button"
            data-testid="search-duplicates"
            disabled={act.busy}
            onClick={() =>
              void act.run(
                () => api<{ flagged: number; newPairs: number; compared: number }>('/duplicates/search', { method: 'POST', body: {} }),
                (r) => {
                  reload();
                  return t('duplicatesFound', { flagged: formatNumber(r.flagged), newPairs: formatNumber(r.newPairs), compared: formatNumber(r.compared) });
                },
              )
            }
          >
            {t('searchDuplicates')}
          </button>
        </p>
      )}
      <ErrorNotice error={error ?? act.error} />
      {act.notice && <p className="notice ok">{act.notice}</p>}
      {data && data.items.length === 0 && <p>{t('noPairs')}</p>}
      <ul className="plain" data-testid="pairs">
        {data?.items.map((p) => (
          <li key={p.id} className="card" data-testid={`pair-${p.id}`}>
            <div>
              {t('score')} <strong>{p.score}</strong>
            </div>
            <ul className="dup-why">
              {p.agreements.map((a) => (
                <li key={a.field + a.how} className={a.points > 0 ? 'ok' : 'invalid'}>
                  {a.points > 0 ? '+' : ''}
                  {a.points} {how(a.how)}
                </li>
              ))}
            </ul>
            <div className="dup-sides">
              {side(p, p.a)}
              {side(p, p.b)}
            </div>
            {can('workers.write') && (
              <button
                type="button"
                data-testid={`dismiss-${p.id}`}
                disabled={act.busy}
                onClick={() =>
                  void act.run(
                    () => api(`/duplicates/${p.id}/dismiss`, { method: 'POST', body: {} }),
                    () => void reload(),
                  )
                }
              >
                {t('differentPeople')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {data && <Pagination page={page} pageSize={PAGE} total={data.total} onPage={setPage} />}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, uploadFile, type ApiError } from '../../../api/client';
import type { ImportView } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import { formatDateTime } from '../../../dates';

/** Step 1 (upload) and the history of imports. */
export function ImportsPage() {
  const { t, formatNumber, lang, label } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { data, reload } = useApi<{ items: ImportView[] }>('/imports');
  const [file, setFile] = useState<File | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setPct(0);
    try {
      const created = await uploadFile<ImportView>('/imports', file, setPct);
      void navigate(`/imports/${created.id}`);
    } catch (err) {
      setError(err as ApiError);
      setPct(null);
    }
  };
  return (
    <section>
      <h1>{t('importsTitle')}</h1>
      {can('workers.write') && (
        <form className="card-wide" onSubmit={(e) => void submit(e)}>
          <h2>{t('newImport')}</h2>
          <p className="muted">{t('importHint')}</p>
          <ErrorNotice error={error} />
          <div className="upload-row">
            <input type="file" name="file" accept=".csv,.txt,.xlsx" aria-label={t('chooseFile')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            <button className="primary" type="submit" disabled={!file || pct !== null}>
              {t('upload')}
            </button>
          </div>
          {pct !== null && <ProgressBar percent={pct} label={t('uploading', { pct })} />}
        </form>
      )}
      {data && data.items.length === 0 && <p className="empty">{t('noImports')}</p>}
      {data && data.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('file')}</th>
              <th>{t('status')}</th>
              <th className="num">{t('count_total')}</th>
              <th className="num">{t('count_inserted')}</th>
              <th className="num">{t('count_updated')}</th>
              <th className="num">{t('count_invalid')}</th>
              <th>{t('when')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id}>
                <td>{i.id}</td>
                <td>
                  <Link to={`/imports/${i.id}`}>{i.fileName}</Link>
                </td>
                <td>
                  <span className={`status ${i.status}`}>{label('status', i.status)}</span>
                  {i.status === 'created' && can('workers.write') && (
                    // An upload left waiting for its mapping can be dropped from the list (its file is deleted).
                    <button
                      type="button"
                      className="link"
                      data-testid={`cancel-import-${i.id}`}
                      onClick={() => void api(`/imports/${i.id}/cancel`, { method: 'POST' }).then(reload)}
                    >
                      {t('cancelImport')}
                    </button>
                  )}
                </td>
                <td className="num">{formatNumber(i.counts.total)}</td>
                <td className="num">{formatNumber(i.counts.inserted)}</td>
                <td className="num">{formatNumber(i.counts.updated)}</td>
                <td className="num">{formatNumber(i.counts.invalid)}</td>
                <td className="date">{formatDateTime(i.createdAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

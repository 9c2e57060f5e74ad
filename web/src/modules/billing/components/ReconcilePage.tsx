import { useState } from 'react';
import { Link } from 'react-router';
import { api, uploadFile, type ApiError } from '../../../api/client';
import type { Reconciliation } from '../../enrolment/api';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { usePrograms } from '../../funding/hooks/usePrograms';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgramPicker } from '../../funding/components/ProgramPicker';
import { ProgressBar } from '../../../components/ProgressBar';
import { useAction } from '../../../hooks/useAction';

const KINDS = ['missing', 'extra', 'mismatch'] as const;

/** Upload BPJS's participant statement; see who is missing, extra or different, and download each list. */
export function ReconcilePage() {
  const { t, formatNumber, fmt, label } = useI18n();
  const { can } = useAuth();
  const { programs, programId, setProgramId } = usePrograms();
  const list = useApi<{ items: Reconciliation[] }>('/reconciliations');
  const [chosen, setChosen] = useState<number | null>(null);
  const current = useApi<Reconciliation>(
    chosen === null ? (list.data?.items[0] ? `/reconciliations/${list.data.items[0].id}` : null) : `/reconciliations/${chosen}`,
  );
  const [file, setFile] = useState<File | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const upload = async () => {
    if (!file || programId === null) return;
    setError(null);
    setPct(0);
    try {
      const r = await uploadFile<Reconciliation>(`/reconciliations?programId=${programId}`, file, setPct);
      setChosen(r.id);
      list.reload();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPct(null);
    }
  };
  const r = current.data;
  const [applied, setApplied] = useState<{ kpj: number; status: number } | null>(null);
  const applying = useAction();
  const apply = () =>
    r &&
    applying.run(
      () => api<{ kpj: number; status: number }>(`/reconciliations/${r.id}/apply`, { method: 'POST', body: {} }),
      (a) => setApplied(a),
    );
  return (
    <section>
      <h1>{t('reconcileTitle')}</h1>
      <p className="note">{t('reconcileHelp')}</p>
      {can('enrolment.write') && programs.length > 0 && (
        <div className="inline-form">
          <ProgramPicker programs={programs} value={programId} onChange={setProgramId} />
          <label className="field">
            <span>{t('chooseFile')}</span>
            <input type="file" name="statement" accept=".csv,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <button disabled={!file || pct !== null} onClick={() => void upload()} data-testid="upload-statement">
            {t('navReconcile')}
          </button>
        </div>
      )}
      {pct !== null && <ProgressBar percent={pct} label={t('uploading', { pct })} />}
      <ErrorNotice error={error ?? list.error} />
      {r && (
        <div data-testid="reconciliation">
          <h2>
            #{r.id} · {r.fileName} · {fmt.dateTime(r.createdAt)}
          </h2>
          <div className="cards">
            <div className="count">
              <strong>{formatNumber(r.statementRows)}</strong>
              <span>{t('statementRows')}</span>
            </div>
            <div className="count inserted">
              <strong>{formatNumber(r.matched)}</strong>
              <span>{t('matched')}</span>
            </div>
            {KINDS.map((k) => (
              <div className="count invalid" key={k}>
                <strong data-testid={`rec-${k}`}>{formatNumber(k === 'mismatch' ? r.mismatched : r[k])}</strong>
                <span>{label(null, k)}</span>
                <a href={`/api/v1/reconciliations/${r.id}/${k}.xlsx`}>XLSX</a> <a href={`/api/v1/reconciliations/${r.id}/${k}.csv`}>CSV</a>
              </div>
            ))}
          </div>
          {can('enrolment.write') && r.mismatched > 0 && (
            <div className="inline-form">
              <button onClick={() => void apply()} data-testid="apply-statement">
                {t('applyStatement')}
              </button>
              <small className="note">{t('applyStatementHelp')}</small>
            </div>
          )}
          <ErrorNotice error={applying.error} />
          {applied && (
            <p className="notice ok" data-testid="applied">
              {t('appliedStatement', { kpj: formatNumber(applied.kpj), status: formatNumber(applied.status) })}
            </p>
          )}
          {(r.items ?? []).length > 0 && (
            <table className="grid small">
              <thead>
                <tr>
                  <th />
                  <th>NIK</th>
                  <th>{t('field')}</th>
                  <th>{t('ours')}</th>
                  <th>{t('theirs')}</th>
                </tr>
              </thead>
              <tbody>
                {r.items!.map((i, n) => (
                  <tr key={n}>
                    <td>{label(null, i.kind)}</td>
                    <td className="mono">{i.participantId ? <Link to={`/participants/${i.participantId}`}>{i.nik}</Link> : i.nik}</td>
                    <td>{label('recField', i.field)}</td>
                    <td>{i.ours}</td>
                    <td>{i.theirs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {list.data && list.data.items.length > 1 && (
        <>
          <h2>{t('previous')}</h2>
          <ul>
            {list.data.items.map((x) => (
              <li key={x.id}>
                <button className="link" onClick={() => setChosen(x.id)}>
                  #{x.id} {x.fileName}
                </button>{' '}
                — {t('missing')} {x.missing}, {t('extra')} {x.extra}, {t('mismatch')} {x.mismatched}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

import { useState } from 'react';
import { uploadFile, type ApiError } from '../../../api/client';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ProgressBar } from '../../../components/ProgressBar';
import type { Round } from '../api';

interface AnswerResult {
  rows: number;
  wageEarners: number;
  protectedElsewhere: number;
  ours: number;
  notParticipants: number;
}

/**
 * The BPJS check of a round (issue 16.2): download the file for the branch, upload its answer; who is
 * already protected shows here and reaches the registry at sign-off.
 */
export function BpjsCheckCard({ round, onDone }: { round: Round; onDone: () => void }) {
  const { t, fmt, formatNumber } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<AnswerResult | null>(null);
  const upload = async () => {
    if (!file) return;
    setError(null);
    setPct(0);
    try {
      setResult(await uploadFile<AnswerResult>(`/verification/rounds/${round.id}/bpjs-answer`, file, setPct));
      onDone();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setPct(null);
    }
  };
  const b = round.bpjs;
  return (
    <div className="card-wide" data-testid="bpjs-check">
      <h2>{t('bpjsCheck')}</h2>
      <p className="hint">{t('bpjsCheckIntro')}</p>
      <p>
        <a className="button" href={`/api/v1/verification/rounds/${round.id}/bpjs-check.xlsx`}>
          {t('bpjsCheckFile')} (XLSX)
        </a>{' '}
        <a className="button" href={`/api/v1/verification/rounds/${round.id}/bpjs-check.csv`}>
          CSV
        </a>
        {b.sentAt && <small className="muted"> · {t('bpjsSent', { when: fmt.dateTime(b.sentAt) })}</small>}
      </p>
      {round.status === 'open' && (
        <div className="inline-form">
          <label className="field">
            <span>{t('bpjsAnswerFile')}</span>
            <input type="file" name="bpjsAnswer" accept=".csv,.xlsx,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </label>
          <button disabled={!file || pct !== null} onClick={() => void upload()} data-testid="upload-bpjs-answer">
            {t('bpjsUpload')}
          </button>
        </div>
      )}
      {pct !== null && <ProgressBar percent={pct} label={`${pct}%`} />}
      <ErrorNotice error={error} />
      {result && <p className="notice ok">{t('bpjsAnswerTaken', { n: formatNumber(result.rows) })}</p>}
      <div className="cards" data-testid="bpjs-counts">
        <div className="count">
          <strong>{formatNumber(b.answered)}</strong>
          <span>{t('bpjsAnswered', { total: formatNumber(round.total) })}</span>
        </div>
        <div className={`count ${b.wageEarners > 0 ? 'invalid' : ''}`}>
          <strong data-testid="bpjs-pu">{formatNumber(b.wageEarners)}</strong>
          <span>{t('bpjsWageEarners')}</span>
        </div>
        <div className={`count ${b.protectedElsewhere > 0 ? 'invalid' : ''}`}>
          <strong data-testid="bpjs-elsewhere">{formatNumber(b.protectedElsewhere)}</strong>
          <span>{t('bpjsElsewhere')}</span>
        </div>
      </div>
    </div>
  );
}

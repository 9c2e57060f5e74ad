import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, queryString, uploadFile, type ApiError } from '../../../api/client';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { StackedBars } from '../../../components/Charts';
import { Pagination } from '../../../components/Pagination';
import { REASONS, type Item, type Reminder, type Round } from '../api';
import { BpjsCheckCard } from './BpjsCheckCard';
import { CoverageMap, MapLegend } from '../../coverage/components/CoverageMap';

const PAGE = 25;

/**
 * One round: progress per village (bars and a table), the workers of the user's villages to verify — one
 * card each, three buttons, usable on a phone in the field — and the checker's sign-off.
 */
export function RoundPage() {
  const { id } = useParams();
  const { t, formatNumber, fmt } = useI18n();
  const { can, me } = useAuth();
  const { data: round, error, reload } = useApi<Round>(`/verification/rounds/${id}`);
  const [page, setPage] = useState(1);
  const [onlyPending, setOnlyPending] = useState(true);
  const items = useApi<{ items: Item[]; total: number }>(
    `/verification/rounds/${id}/items${queryString({ page, pageSize: PAGE, verdict: onlyPending ? 'pending' : undefined })}`,
  );
  const signing = useAction();
  const reminding = useAction();
  const [note, setNote] = useState('');
  const refresh = () => (reload(), items.reload());
  if (error) return <ErrorNotice error={error} />;
  if (!round) return null;
  const canSign = can('verification.approve') && round.status === 'open' && round.pending === 0 && round.createdBy !== me?.user.username;
  return (
    <section>
      <p>
        <Link to="/verification">← {t('verificationTitle')}</Link>
      </p>
      <h1>{round.name}</h1>
      <p data-testid="round-status">
        <span className={`badge ${round.status === 'open' ? 'warn' : 'ok'}`}>{t(round.status === 'open' ? 'roundOpen' : 'roundSignedOff')}</span>{' '}
        {t('verifiedOf', { done: formatNumber(round.done), total: formatNumber(round.total) })}
        {round.dueOn && ` · ${t('dueOn')} ${fmt.date(round.dueOn)}`}
        {round.signedOffBy && ` · ${t('signedOffBy', { who: round.signedOffBy })}`}
      </p>
      {round.rejectedStillFunded > 0 && (
        <p className="notice warn" data-testid="rejected-funded">
          {t('rejectedStillFunded', { n: formatNumber(round.rejectedStillFunded) })}
        </p>
      )}
      <h2>{t('villageProgress')}</h2>
      <CoverageMap
        palette="progress"
        regions={round.villages.map((v) => ({ code: v.villageCode, name: v.villageName, pct: v.total === 0 ? null : (100 * (v.total - v.pending)) / v.total }))}
        boundaries={null}
        onSelect={() => undefined}
        labels={{ schematic: t('mapSchematic'), choropleth: t('mapChoropleth'), noData: t('noData') }}
      />
      <MapLegend noData={t('noData')} palette="progress" />
      <StackedBars
        ariaLabel={t('villageProgress')}
        legend={[
          { className: 'used', label: t('vConfirmed') },
          { className: 'base', label: t('vCorrected') },
          { className: 'rejected', label: t('vRejected') },
          { className: 'left', label: t('vPending') },
        ]}
        data={round.villages.map((v) => ({
          label: v.villageName,
          valueText: `${formatNumber(v.total - v.pending)} / ${formatNumber(v.total)}`,
          parts: [
            { value: v.confirmed, className: 'used', title: `${t('vConfirmed')} ${v.confirmed}` },
            { value: v.corrected, className: 'base', title: `${t('vCorrected')} ${v.corrected}` },
            { value: v.rejected, className: 'rejected', title: `${t('vRejected')} ${v.rejected}` },
            { value: v.pending, className: 'left', title: `${t('vPending')} ${v.pending}` },
          ],
        }))}
      />
      <div className="scroll">
        <table className="grid small" data-testid="village-progress">
          <thead>
            <tr>
              <th>{t('navRegions')}</th>
              <th>{t('vConfirmed')}</th>
              <th>{t('vCorrected')}</th>
              <th>{t('vRejected')}</th>
              <th>{t('vPending')}</th>
              <th>{t('lastReminder')}</th>
            </tr>
          </thead>
          <tbody>
            {round.villages.map((v) => (
              <tr key={v.villageCode} className={v.notStarted ? 'invalid' : ''}>
                <td>
                  {v.villageName} <span className="muted">{v.districtName}</span>
                  {v.notStarted && <span className="badge warn">{t('notStarted')}</span>}
                </td>
                <td className="num">{formatNumber(v.confirmed)}</td>
                <td className="num">{formatNumber(v.corrected)}</td>
                <td className="num">{formatNumber(v.rejected)}</td>
                <td className="num">{formatNumber(v.pending)}</td>
                <td>{v.remindedAt ? fmt.dateTime(v.remindedAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {round.status === 'open' && can('workers.write') && me?.user.regionCode?.split('.').length !== 4 && round.villages.some((v) => v.notStarted) && (
        <div className="card-wide" data-testid="remind">
          <p>{t('remindIntro', { n: formatNumber(round.villages.filter((v) => v.notStarted).length) })}</p>
          <ErrorNotice error={reminding.error} />
          {reminding.notice && <p className="notice ok">{reminding.notice}</p>}
          <button
            className="secondary"
            disabled={reminding.busy}
            onClick={() =>
              void reminding.run(
                () => api<Reminder>(`/verification/rounds/${id}/remind`, { method: 'POST' }),
                (r) => {
                  reload();
                  return t('remindDone', { villages: formatNumber(r.villages), messages: formatNumber(r.messages), none: formatNumber(r.withoutEmail.length) });
                },
              )
            }
          >
            {t('remindVillages')}
          </button>
        </div>
      )}
      {can('verification.approve') && <BpjsCheckCard round={round} onDone={refresh} />}
      {canSign && (
        <div className="card-wide" data-testid="sign-off">
          <label className="field">
            <span>{t('signOffNote')}</span>
            <input name="signOffNote" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          <ErrorNotice error={signing.error} />
          <button
            disabled={signing.busy}
            onClick={() =>
              void signing.run(
                () => api<Round>(`/verification/rounds/${id}/sign-off`, { method: 'POST', body: { note } }),
                () => void refresh(),
              )
            }
          >
            {t('signOffRound')}
          </button>
        </div>
      )}
      <h2>{t('workersToVerify')}</h2>
      <label className="check">
        <input type="checkbox" checked={onlyPending} onChange={(e) => (setOnlyPending(e.target.checked), setPage(1))} /> {t('onlyPending')}
      </label>
      <ErrorNotice error={items.error} />
      <ul className="verify-list" data-testid="verify-items">
        {items.data?.items.map((w) => (
          <VerifyCard key={w.workerId} roundId={Number(id)} worker={w} editable={round.status === 'open' && can('workers.write')} onSaved={refresh} />
        ))}
      </ul>
      {items.data && <Pagination page={page} pageSize={PAGE} total={items.data.total} onPage={setPage} />}
    </section>
  );
}

function VerifyCard({ roundId, worker: w, editable, onSaved }: { roundId: number; worker: Item; editable: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const { sectors, sectorName } = useSectors();
  const saving = useAction();
  const [mode, setMode] = useState<'none' | 'correct' | 'reject'>('none');
  const [sector, setSector] = useState('');
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState<string>('');
  const [note, setNote] = useState('');
  const [photoKind, setPhotoKind] = useState<'KK' | 'KTP'>('KTP');
  const [photoError, setPhotoError] = useState<ApiError | null>(null);
  const [photoPct, setPhotoPct] = useState<number | null>(null);
  const sendPhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhotoError(null);
    setPhotoPct(0);
    try {
      await uploadFile(`/verification/rounds/${roundId}/photo${queryString({ workerId: w.workerId, kind: photoKind })}`, file, setPhotoPct);
      onSaved();
    } catch (e) {
      setPhotoError(e as ApiError);
    } finally {
      setPhotoPct(null);
    }
  };
  const send = (body: Record<string, unknown>) =>
    saving.run(
      () => api<Item>(`/verification/rounds/${roundId}/verdicts`, { method: 'POST', body: { workerId: w.workerId, ...body } }),
      () => {
        setMode('none');
        onSaved();
      },
    );
  const verdictLabel = { pending: t('vPending'), confirmed: t('vConfirmed'), corrected: t('vCorrected'), rejected: t('vRejected') }[w.verdict];
  return (
    <li className="card verify-card" data-testid={`verify-${w.workerId}`}>
      <div>
        <strong>{w.fullName}</strong> <span className={`badge ${w.verdict === 'pending' ? 'warn' : 'ok'}`}>{verdictLabel}</span>
      </div>
      <div className="mono">{w.nik}</div>
      <div className="muted">
        {w.villageName} · {sectorName(w.sectorCode)}
        {w.phone ? ` · ${w.phone}` : ''}
        {w.reason ? ` · ${t(`reason_${w.reason}` as 'reason_died')}` : ''}
        {w.newSector ? ` → ${sectorName(w.newSector)}` : ''}
        {w.newPhone ? ` → ${w.newPhone}` : ''}
      </div>
      {w.photo && (
        <div>
          <a className="badge ok" href={`/api/v1/verification/rounds/${roundId}/photo?workerId=${w.workerId}`} target="_blank" rel="noreferrer">
            {t('photoKept', { kind: w.photo })}
          </a>
        </div>
      )}
      {editable && (
        <div className="verify-photo">
          <select aria-label={t('photoKind')} value={photoKind} onChange={(e) => setPhotoKind(e.target.value as 'KK' | 'KTP')}>
            <option value="KTP">KTP</option>
            <option value="KK">KK</option>
          </select>{' '}
          <label className="button secondary small">
            {t('takePhoto')}
            <input
              type="file"
              name="photo"
              accept="image/jpeg,image/png,application/pdf"
              capture="environment"
              hidden
              onChange={(e) => void sendPhoto(e.target.files?.[0])}
            />
          </label>
          {photoPct !== null && <small> {photoPct}%</small>}
          <ErrorNotice error={photoError} />
        </div>
      )}
      {editable && (
        <div className="verify-actions">
          <button type="button" data-testid="confirm" disabled={saving.busy} onClick={() => void send({ verdict: 'confirmed' })}>
            {t('confirm')}
          </button>
          <button type="button" className="secondary" data-testid="correct" onClick={() => setMode(mode === 'correct' ? 'none' : 'correct')}>
            {t('correct')}
          </button>
          <button type="button" className="secondary" data-testid="reject" onClick={() => setMode(mode === 'reject' ? 'none' : 'reject')}>
            {t('rejectWorker')}
          </button>
        </div>
      )}
      {mode === 'correct' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send({ verdict: 'corrected', sectorCode: sector || null, phone: phone || null, note });
          }}
        >
          <label className="field">
            <span>{t('newSector')}</span>
            <select name="newSector" value={sector} onChange={(e) => setSector(e.target.value)}>
              <option value="">—</option>
              {sectors.map((s) => (
                <option key={s.code} value={s.code}>
                  {sectorName(s.code)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('newPhone')}</span>
            <input name="newPhone" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={30} />
          </label>
          <button type="submit" disabled={saving.busy}>
            {t('saveVerdict')}
          </button>
        </form>
      )}
      {mode === 'reject' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send({ verdict: 'rejected', reason: reason || null, note });
          }}
        >
          <label className="field">
            <span>{t('rejectReason')}</span>
            <select name="reason" value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">—</option>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reason_${r}` as 'reason_died')}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('verdictNote')}</span>
            <input name="verdictNote" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          <button type="submit" disabled={saving.busy}>
            {t('saveVerdict')}
          </button>
        </form>
      )}
      <ErrorNotice error={saving.error} />
    </li>
  );
}

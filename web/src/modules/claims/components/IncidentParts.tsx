import '../claims.css';
import { useState } from 'react';
import { api, uploadFile } from '../../../api/client';
import type { Claim, Incident } from '../../../api/types';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DateInput } from '../../../components/DateInput';
import { todayJakarta } from '../../../dates';

/** Every step of the incident's claims: when, from what to what, by whom. */
export function Timeline({ i }: { i: Incident }) {
  const { t, fmt, label } = useI18n();
  return (
    <ol className="timeline" data-testid="timeline">
      {i.timeline.map((e, n) => (
        <li key={n}>
          <span className="date">{fmt.dateTime(e.at)}</span> · {label('cb', e.benefit)}: {e.from ? `${label('cs', e.from)} → ` : ''}
          <b>{label('cs', e.to)}</b> · {e.actor}
          {e.note && <span className="note"> · {e.note}</span>}
        </li>
      ))}
      <li className="note">
        {t('claimDeadline')}: {fmt.date(i.claimDeadline)}
      </li>
    </ol>
  );
}

/** The documents checklist: received on paper or uploaded (PDF/JPEG/PNG), or missing. */
export function Documents({ i, onDone }: { i: Incident; onDone: (i: Incident) => void }) {
  const { t, fmt, pick } = useI18n();
  const { can } = useAuth();
  const act = useAction();
  const upload = (kind: string, file: File) => act.run(() => uploadFile<Incident>(`/incidents/${i.id}/documents/${kind}/file`, file, () => undefined), onDone);
  const missing = i.documents.filter((d) => !d.received).length;
  return (
    <div className="card-wide" data-testid="documents">
      <h2>
        {t('documents')} <small className="note">{missing === 0 ? t('documentsComplete') : `${fmt.number(missing)} ${t('documentsMissing')}`}</small>
      </h2>
      <ul className="checklist">
        {i.documents.map((d) => (
          <li key={d.kind} className={d.received ? 'ok' : 'missing'} data-testid={`doc-${d.kind}`}>
            <span className="doc-name">
              <span className="doc-mark" aria-hidden>
                {d.received ? '✓' : '○'}
              </span>{' '}
              {pick(d.label)}
              {d.receivedOn && <span className="note"> · {fmt.date(d.receivedOn)}</span>}
            </span>
            {d.file && !d.contentDeleted && can('claims.write') && (
              <>
                {' · '}
                <a href={`/api/v1/incidents/${i.id}/documents/${d.kind}`}>{d.file.name}</a>
              </>
            )}
            {d.contentDeleted && <span className="note"> · {t('documentDeleted')}</span>}
            {can('claims.write') && !d.received && (
              <span className="doc-actions">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void act.run(() => api<Incident>(`/incidents/${i.id}/documents/${d.kind}`, { method: 'POST', body: {} }), onDone)}
                >
                  {t('seenOnPaper')}
                </button>
                <label className="button secondary">
                  {t('uploadDocument')}
                  <input
                    type="file"
                    hidden
                    accept=".pdf,.jpg,.jpeg,.png"
                    name={`file-${d.kind}`}
                    onChange={(e) => e.target.files?.[0] && void upload(d.kind, e.target.files[0])}
                  />
                </label>
              </span>
            )}
          </li>
        ))}
      </ul>
      <ErrorNotice error={act.error} />
    </div>
  );
}

/** The scholarship per child and school year: re-verify (enrolled, not married, not working), then record the payment. */
export function ScholarshipSchedule({ i, onDone }: { i: Incident; onDone: (i: Incident) => void }) {
  const { t, fmt, label } = useI18n();
  const { can } = useAuth();
  const act = useAction();
  const [check, setCheck] = useState({ enrolled: true, married: false, working: false });
  const [pay, setPay] = useState({ paidOn: todayJakarta(), reference: '' });
  if (i.scholarshipYears.length === 0) return null;
  const active = i.scholarshipYears.filter((y) => y.status !== 'stopped');
  const total = active.reduce((a, y) => a + y.amount, 0);
  const paid = active.reduce((a, y) => a + (y.paidAmount ?? 0), 0);
  const next = new Map<number, number>();
  for (const y of i.scholarshipYears) if ((y.status === 'scheduled' || y.status === 'verified') && !next.has(y.heirId)) next.set(y.heirId, y.id);
  return (
    <div className="card-wide" data-testid="scholarship-schedule">
      <h2>{t('scholarshipSchedule')}</h2>
      <p className="note" data-testid="scholarship-total">
        {t('scholarshipTotal')} {fmt.rupiah(total)} · {t('paidByBpjs')} {fmt.rupiah(paid)} · {t('scholarshipCap')}{' '}
        {i.scholarshipCap === null ? '–' : fmt.rupiah(i.scholarshipCap)}
      </p>
      {can('claims.write') && (
        <div className="inline-form">
          <label className="field check">
            <input type="checkbox" checked={check.enrolled} onChange={(e) => setCheck({ ...check, enrolled: e.target.checked })} />
            <span>{t('checkEnrolled')}</span>
          </label>
          <label className="field check">
            <input type="checkbox" checked={check.married} onChange={(e) => setCheck({ ...check, married: e.target.checked })} />
            <span>{t('checkMarried')}</span>
          </label>
          <label className="field check">
            <input type="checkbox" checked={check.working} onChange={(e) => setCheck({ ...check, working: e.target.checked })} />
            <span>{t('checkWorking')}</span>
          </label>
          <label className="field">
            <span>{t('paidOn')}</span>
            <DateInput name="yearPaidOn" value={pay.paidOn} onChange={(d) => setPay({ ...pay, paidOn: d })} />
          </label>
          <label className="field">
            <span>{t('paymentReference')}</span>
            <input name="yearReference" value={pay.reference} onChange={(e) => setPay({ ...pay, reference: e.target.value })} />
          </label>
        </div>
      )}
      <ErrorNotice error={act.error} />
      <div className="table-scroll">
        <table className="grid small">
          <thead>
            <tr>
              <th>{t('child')}</th>
              <th>{t('schoolYear')}</th>
              <th>{t('schoolLevel')}</th>
              <th className="num">{t('amount')}</th>
              <th>{t('status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {i.scholarshipYears.map((y) => (
              <tr key={y.id} className={y.status === 'stopped' ? 'muted' : undefined} data-testid={`year-${y.id}`}>
                <td>{y.child}</td>
                <td>
                  {y.schoolYear}/{y.schoolYear + 1}
                </td>
                <td>
                  {label('sl', y.level)} {y.yearInLevel}
                </td>
                <td className="num">{fmt.rupiah(y.paidAmount ?? y.amount)}</td>
                <td>
                  {label('ys', y.status)}
                  {y.stopReason && ` (${label('stop', y.stopReason)})`}
                  {y.status === 'scheduled' && y.reminderDueOn && <span className="note"> · {fmt.date(y.reminderDueOn)}</span>}
                </td>
                <td>
                  {can('claims.write') && next.get(y.heirId) === y.id && y.status === 'scheduled' && (
                    <button
                      type="button"
                      onClick={() => void act.run(() => api<Incident>(`/scholarship-years/${y.id}/verify`, { method: 'POST', body: check }), onDone)}
                    >
                      {t('verifyYear')}
                    </button>
                  )}
                  {can('claims.write') && y.status === 'verified' && (
                    <button
                      type="button"
                      onClick={() =>
                        void act.run(
                          () =>
                            api<Incident>(`/scholarship-years/${y.id}/pay`, {
                              method: 'POST',
                              body: { amount: y.amount, paidOn: pay.paidOn, reference: pay.reference },
                            }),
                          onDone,
                        )
                      }
                    >
                      {t('recordYearPaid')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** JKK medical care: record a cost (a bill, a transport to hospital) while the claim is not yet submitted; no ceiling. */
export function MedicalCostForm({ c, onDone }: { c: Claim; onDone: (i: Incident) => void }) {
  const { t } = useI18n();
  const act = useAction();
  const [cost, setCost] = useState({ amount: '', on: todayJakarta(), description: '' });
  return (
    <form
      className="inline-form"
      data-testid="medical-cost"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () =>
            api<Incident>(`/claims/${c.id}/costs`, {
              method: 'POST',
              body: { amount: Number(cost.amount.replace(/[.,\s]/g, '')), on: cost.on, description: cost.description, version: c.version },
            }),
          (i) => {
            setCost({ amount: '', on: todayJakarta(), description: '' });
            onDone(i);
          },
        );
      }}
    >
      <label className="field">
        <span>{t('medicalCost')}</span>
        <input name="costAmount" inputMode="numeric" value={cost.amount} onChange={(e) => setCost({ ...cost, amount: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('costDate')}</span>
        <DateInput name="costOn" value={cost.on} onChange={(d) => setCost({ ...cost, on: d })} />
      </label>
      <label className="field">
        <span>{t('costDescription')}</span>
        <input name="costDescription" value={cost.description} onChange={(e) => setCost({ ...cost, description: e.target.value })} />
      </label>
      <button type="submit" disabled={act.busy}>
        {t('recordCost')}
      </button>
      <ErrorNotice error={act.error} />
    </form>
  );
}

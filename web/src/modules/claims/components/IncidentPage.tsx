import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';
import type { Claim, Incident } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DateInput } from '../../../components/DateInput';
import { todayJakarta } from '../../../dates';
import { HEIR_RELATIONS, nextSteps, opensScholarship } from '../../../../../src/domain/claims.js';
import { Documents, MedicalCostForm, ScholarshipSchedule, Timeline } from './IncidentParts';

/** One claim: its computed benefit with the rules, the next step, and what BPJS paid against what was computed. */
function ClaimCard({ c, onDone }: { c: Claim; onDone: (i: Incident) => void }) {
  const { t, fmt, label } = useI18n();
  const { can } = useAuth();
  const step = useAction();
  const [pay, setPay] = useState({ amount: String(c.computedAmount), paidOn: todayJakarta(), reference: '', reason: '' });
  const go = (to: Claim['status']) =>
    step.run(
      () =>
        api<Incident>(`/claims/${c.id}/advance`, {
          method: 'POST',
          body:
            to === 'paid'
              ? { to, version: c.version, paidAmount: Number(pay.amount.replace(/[.,\s]/g, '')), paidOn: pay.paidOn, reference: pay.reference }
              : to === 'rejected'
                ? { to, version: c.version, reason: pay.reason }
                : { to, version: c.version },
        }),
      onDone,
    );
  return (
    <div className="card-wide" data-testid={`claim-${c.benefit}`}>
      <h3>
        {label('cb', c.benefit)} · <span className={`status ${c.status}`}>{label('cs', c.status)}</span>
        {c.dueOn && (
          <small className="note">
            {' '}
            · {t('dueOn')} {fmt.date(c.dueOn)} {c.overdue && <span className="badge warn">{t('overdue')}</span>}
          </small>
        )}
      </h3>
      <div className="table-scroll">
        <table className="grid small">
          <caption>{t('benefitRules')}</caption>
          <tbody>
            {c.lines.map((l, i) => (
              <tr key={i}>
                <td>{l.label.id}</td>
                <td className="num">{fmt.rupiah(l.amount)}</td>
                <td className="note">
                  {l.rule} · {l.legalBasis}
                </td>
              </tr>
            ))}
            <tr>
              <th>{t('computed')}</th>
              <th className="num" data-testid="computed">
                {fmt.rupiah(c.computedAmount)}
              </th>
              <td />
            </tr>
            {c.paidAmount !== null && (
              <tr className={c.difference ? 'flagged' : undefined}>
                <th>{t('paidByBpjs')}</th>
                <th className="num">{fmt.rupiah(c.paidAmount)}</th>
                <td data-testid="difference">
                  {c.paidOn && fmt.date(c.paidOn)} · {c.paymentReference} {c.difference ? `· ${t('difference')} ${fmt.rupiah(c.difference)}` : ''}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {c.rejection && <p className="notice error">{c.rejection}</p>}
      {can('claims.write') && c.benefit === 'jkk_medical' && (c.status === 'reported' || c.status === 'verified') && <MedicalCostForm c={c} onDone={onDone} />}
      {can('claims.write') && nextSteps(c.status).length > 0 && (
        <div className="inline-form">
          {c.status === 'submitted' && (
            <>
              <label className="field">
                <span>{t('paidByBpjs')}</span>
                <input name="paidAmount" inputMode="numeric" value={pay.amount} onChange={(e) => setPay({ ...pay, amount: e.target.value })} />
              </label>
              <label className="field">
                <span>{t('paidOn')}</span>
                <DateInput name="claimPaidOn" value={pay.paidOn} onChange={(d) => setPay({ ...pay, paidOn: d })} />
              </label>
              <label className="field">
                <span>{t('paymentReference')}</span>
                <input name="claimReference" value={pay.reference} onChange={(e) => setPay({ ...pay, reference: e.target.value })} />
              </label>
            </>
          )}
          <label className="field">
            <span>{t('rejectionReason')}</span>
            <input name="rejectionReason" value={pay.reason} onChange={(e) => setPay({ ...pay, reason: e.target.value })} />
          </label>
          {nextSteps(c.status).map((to) => (
            <button key={to} className={to === 'rejected' || to === 'expired' ? 'secondary' : undefined} onClick={() => void go(to)} data-testid={`to-${to}`}>
              {label('cs', to)}
            </button>
          ))}
        </div>
      )}
      <ErrorNotice error={step.error} />
    </div>
  );
}

/** An incident: the participant, entitlement on the day and why, the claims it opened, and the heirs. */
export function IncidentPage() {
  const { id } = useParams();
  const { t, fmt, label, pick } = useI18n();
  const { can } = useAuth();
  const { data, error } = useApi<Incident>(`/incidents/${id}`);
  const [fresh, setFresh] = useState<Incident | null>(null);
  const i = fresh ?? data;
  const heir = useAction();
  const [h, setH] = useState({ relation: 'spouse', fullName: '', nik: '', bankName: '', bankAccount: '', birthDate: '', schoolLevel: '', yearInLevel: '1' });
  const scholarship = useAction();
  if (error) return <ErrorNotice error={error} />;
  if (!i) return <p>{t('loading')}</p>;
  const ent = i.entitlement;
  return (
    <section>
      <p>
        <Link to="/claims">‹ {t('claimsTitle')}</Link>
      </p>
      <h1>
        {label('ik', i.kind)} · {i.participant.fullName}
      </h1>
      <p className="note">
        NIK <span className="mono">{i.participant.nik}</span> · KPJ <span className="mono">{i.participant.kpj ?? '–'}</span> · {fmt.date(i.occurredOn)}
        {i.place && ` · ${i.place}`} · <Link to={`/participants/${i.participantId}`}>{t('openParticipant')}</Link>
      </p>
      <p className={`notice ${ent.entitled === 'yes' ? 'ok' : ent.entitled === 'conditional' ? 'warn' : 'error'}`} data-testid="entitlement">
        <b>{t(ent.entitled === 'yes' ? 'entitledYes' : ent.entitled === 'conditional' ? 'entitledConditional' : 'entitledNo')}</b> — {pick(ent.reason)}
        {ent.source && ` · ${ent.source.name}`}
      </p>
      {i.claims.length === 0 && <p className="note">{t('noClaims')}</p>}
      {i.claims.map((c) => (
        <ClaimCard key={c.id} c={c} onDone={setFresh} />
      ))}
      <Documents i={i} onDone={setFresh} />
      {i.scholarship && (
        <p className={`notice ${i.scholarship.eligible ? 'ok' : 'warn'}`}>
          {t('scholarshipEligible')}: {i.scholarship.reason} ({i.scholarship.legalBasis})
        </p>
      )}
      <h2>{t('heirs')}</h2>
      <div className="table-scroll">
        <table className="grid small" data-testid="heirs">
          <thead>
            <tr>
              <th>{t('heirRelation')}</th>
              <th>{t('fullName')}</th>
              <th>NIK</th>
              <th>{t('bankAccount')}</th>
              <th>{t('receives')}</th>
            </tr>
          </thead>
          <tbody>
            {i.heirs.map((x) => (
              <tr key={x.id}>
                <td>
                  {label('hr', x.relation)} ({x.rank})
                </td>
                <td>{x.fullName}</td>
                <td className="mono">{x.nik ?? '–'}</td>
                <td className="mono">
                  {x.bankName} {x.bankAccount}
                </td>
                <td>{x.receives ? '✓' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can('claims.write') && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const body = {
              relation: h.relation,
              fullName: h.fullName,
              nik: h.nik || null,
              bankName: h.bankName,
              bankAccount: h.bankAccount,
              birthDate: h.birthDate || null,
              schoolLevel: h.relation === 'child' && h.schoolLevel ? h.schoolLevel : null,
              yearInLevel: h.relation === 'child' && h.schoolLevel ? Number(h.yearInLevel) || 1 : null,
            };
            void heir.run(
              () => api<Incident>(`/incidents/${i.id}/heirs`, { method: 'POST', body }),
              (r) => {
                setFresh(r);
                setH({ relation: 'spouse', fullName: '', nik: '', bankName: '', bankAccount: '', birthDate: '', schoolLevel: '', yearInLevel: '1' });
              },
            );
          }}
        >
          <label className="field">
            <span>{t('heirRelation')}</span>
            <select name="relation" value={h.relation} onChange={(e) => setH({ ...h, relation: e.target.value })}>
              {HEIR_RELATIONS.map((r) => (
                <option key={r} value={r}>
                  {label('hr', r)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('fullName')}</span>
            <input name="heirName" value={h.fullName} onChange={(e) => setH({ ...h, fullName: e.target.value })} />
          </label>
          <label className="field">
            <span>NIK</span>
            <input name="heirNik" inputMode="numeric" value={h.nik} onChange={(e) => setH({ ...h, nik: e.target.value })} />
          </label>
          <label className="field">
            <span>Bank</span>
            <input name="heirBank" value={h.bankName} onChange={(e) => setH({ ...h, bankName: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('bankAccount')}</span>
            <input name="heirAccount" inputMode="numeric" value={h.bankAccount} onChange={(e) => setH({ ...h, bankAccount: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('birthDate')}</span>
            <DateInput name="heirBirth" value={h.birthDate} onChange={(d) => setH({ ...h, birthDate: d })} />
          </label>
          {h.relation === 'child' && (
            <>
              <label className="field">
                <span>{t('schoolLevel')}</span>
                <select name="schoolLevel" value={h.schoolLevel} onChange={(e) => setH({ ...h, schoolLevel: e.target.value })}>
                  <option value="">{t('notAtSchool')}</option>
                  {(['tk_sd', 'smp', 'sma', 'pt'] as const).map((l) => (
                    <option key={l} value={l}>
                      {label('sl', l)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('yearInLevel')}</span>
                <input name="yearInLevel" inputMode="numeric" value={h.yearInLevel} onChange={(e) => setH({ ...h, yearInLevel: e.target.value })} />
              </label>
            </>
          )}
          <button type="submit" data-testid="add-heir">
            {t('addHeir')}
          </button>
        </form>
      )}
      <ErrorNotice error={heir.error} />
      {can('claims.write') && opensScholarship(i.kind, i.disabilityPercent) && i.heirs.some((x) => x.relation === 'child') && (
        <p>
          <button
            onClick={() => void scholarship.run(() => api<Incident>(`/incidents/${i.id}/scholarship`, { method: 'POST', body: {} }), setFresh)}
            data-testid="scholarship"
          >
            {t('computeScholarship')}
          </button>
        </p>
      )}
      <ErrorNotice error={scholarship.error} />
      <ScholarshipSchedule i={i} onDone={setFresh} />
      <h2>{t('timeline')}</h2>
      <Timeline i={i} />
    </section>
  );
}

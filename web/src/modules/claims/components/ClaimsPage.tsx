import '../claims.css';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, queryString } from '../../../api/client';
import type { Claim, Incident } from '../../../api/types';
import type { Participant } from '../../enrolment/api';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { DateInput } from '../../../components/DateInput';
import { todayJakarta } from '../../../dates';
import { CLAIM_STATUSES, INCIDENT_KINDS } from '../../../../../src/domain/claims.js';
import { ClaimsExchange } from './ClaimsExchange';

/** Claims in the region (filter by step, or only the overdue ones) and the form that reports an incident. */
export function ClaimsPage() {
  const { t, fmt, label } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const overdue = params.get('overdue') === 'true';
  const { data, error, reload } = useApi<{ items: Claim[] }>(`/claims${queryString({ status: status || undefined, overdue: overdue ? 'true' : undefined })}`);
  const verified = useApi<{ items: Claim[] }>('/claims?status=verified&pageSize=500');
  const [form, setForm] = useState({ nik: '', kind: 'death', occurredOn: todayJakarta(), place: '', stmbMonths: '0', disabilityPercent: '100' });
  // The participant is found by NIK, KPJ or name (the participants search); a name needs picking from the matches.
  const [picked, setPicked] = useState<Participant | null>(null);
  const query = form.nik.trim();
  const matches = useApi<{ items: Participant[] }>(
    can('claims.write') && query.length >= 3 && !picked ? `/participants${queryString({ q: query, limit: 8 })}` : null,
  );
  const report = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return report.run(
      () =>
        api<Incident>('/incidents', {
          method: 'POST',
          body: {
            ...(picked
              ? { participantId: picked.id }
              : /^\d{11}$/.test(query.replace(/\s/g, ''))
                ? { kpj: query.replace(/\s/g, '') }
                : { nik: query.replace(/\s/g, '') }),
            kind: form.kind,
            occurredOn: form.occurredOn,
            place: form.place,
            stmbMonths: Number(form.stmbMonths) || 0,
            ...(form.kind === 'permanent_disability' ? { disabilityPercent: Number(form.disabilityPercent) || 0 } : {}),
          },
        }),
      (i) => void navigate(`/incidents/${i.id}`),
    );
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section>
      <h1>{t('claimsTitle')}</h1>
      <p className="note">
        {t('claimsLead')} <Link to="/claims/report">{t('claimsReport')} ›</Link> · <Link to="/claims/rules">{t('benefitRuleTable')} ›</Link>
      </p>
      {can('claims.write') && (
        <form className="card-wide form-grid" onSubmit={(e) => void submit(e)} data-testid="report-incident">
          <Field label={t('participantNik')} name="nik" problems={report.problems}>
            <input
              name="nik"
              autoComplete="off"
              value={form.nik}
              onChange={(e) => {
                setPicked(null);
                set('nik')(e);
              }}
            />
          </Field>
          {picked ? (
            <p className="notice ok" data-testid="picked">
              {picked.fullName} · NIK <span className="mono">{picked.nik}</span> · KPJ <span className="mono">{picked.kpj ?? '–'}</span>{' '}
              <button type="button" className="link" onClick={() => setPicked(null)}>
                {t('changeParticipant')}
              </button>
            </p>
          ) : (
            matches.data &&
            matches.data.items.length > 0 && (
              <ul className="matches" data-testid="participant-matches">
                {matches.data.items.map((m) => (
                  <li key={m.id}>
                    <button type="button" className="link" onClick={() => setPicked(m)}>
                      {m.fullName} · <span className="mono">{m.nik}</span> · {m.kpj ?? '–'} · {label('st', m.status)}
                    </button>
                  </li>
                ))}
              </ul>
            )
          )}
          <Field label={t('incidentKind')} name="kind" problems={report.problems}>
            <select name="kind" value={form.kind} onChange={set('kind')}>
              {INCIDENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {label('ik', k)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('occurredOn')} name="occurredOn" problems={report.problems}>
            <DateInput name="occurredOn" value={form.occurredOn} onChange={(d) => setForm({ ...form, occurredOn: d })} />
          </Field>
          <Field label={t('place')} name="place" problems={report.problems}>
            <input name="place" value={form.place} onChange={set('place')} />
          </Field>
          {!form.kind.includes('death') && form.kind !== 'permanent_disability' && (
            <Field label={t('stmbMonths')} name="stmbMonths" problems={report.problems}>
              <input name="stmbMonths" inputMode="numeric" value={form.stmbMonths} onChange={set('stmbMonths')} />
            </Field>
          )}
          {form.kind === 'permanent_disability' && (
            <Field label={t('disabilityPercent')} name="disabilityPercent" problems={report.problems}>
              <input name="disabilityPercent" inputMode="numeric" value={form.disabilityPercent} onChange={set('disabilityPercent')} />
            </Field>
          )}
          <button className="primary" type="submit" disabled={report.busy} data-testid="submit-incident">
            {t('reportIncident')}
          </button>
        </form>
      )}
      <ErrorNotice error={report.error ?? error} />
      <ClaimsExchange
        verified={verified.data?.items.length ?? 0}
        onChange={() => {
          reload();
          verified.reload();
        }}
      />
      <div className="inline-form">
        <label className="field">
          <span>{t('status')}</span>
          <select name="claimStatus" value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
            <option value="">{t('all')}</option>
            {CLAIM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label('cs', s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field check">
          <input type="checkbox" checked={overdue} onChange={(e) => setParams(e.target.checked ? { overdue: 'true' } : {})} />
          <span>{t('overdueOnly')}</span>
        </label>
      </div>
      {data && (
        <div className="table-scroll">
          <table className="grid" data-testid="claims-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('fullName')}</th>
                <th>{t('incidentKind')}</th>
                <th>{t('occurredOn')}</th>
                <th>{t('benefit')}</th>
                <th>{t('status')}</th>
                <th>{t('dueOn')}</th>
                <th className="num">{t('computed')}</th>
                <th className="num">{t('paidByBpjs')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id} className={c.overdue ? 'flagged' : undefined}>
                  <td>
                    <Link to={`/incidents/${c.incidentId}`}>#{c.id}</Link>
                  </td>
                  <td>{c.participant.fullName}</td>
                  <td>{label('ik', c.kind)}</td>
                  <td className="date">{fmt.date(c.occurredOn)}</td>
                  <td>{label('cb', c.benefit)}</td>
                  <td>
                    <span className={`status ${c.status}`}>{label('cs', c.status)}</span>
                  </td>
                  <td className="date">
                    {c.dueOn ? fmt.date(c.dueOn) : '–'}
                    {c.overdue && <span className="badge warn">{t('overdue')}</span>}
                  </td>
                  <td className="num">{fmt.rupiah(c.computedAmount)}</td>
                  <td className="num">{c.paidAmount === null ? '–' : fmt.rupiah(c.paidAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

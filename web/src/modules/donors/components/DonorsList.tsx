import { useState } from 'react';
import { api, queryString } from '../../../api/client';
import type { DonorView } from '../../../../../src/modules/donors/donors.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { SponsorForm } from './SponsorForm';

/** The regency's donors with what they gave, a sponsorship recorded for one, a donor recorded by an operator. */
export function Donors() {
  const { t, fmt, label } = useI18n();
  const { can, me } = useAuth();
  const [search, setSearch] = useState('');
  const { data, error, reload } = useApi<{ items: DonorView[]; total: number }>(`/donors${queryString({ search })}`);
  const [form, setForm] = useState({ kind: 'company', name: '', email: '', npwp: '', nip: '', contactName: '', phone: '' });
  const [chosen, setChosen] = useState<DonorView | null>(null);
  const act = useAction();
  return (
    <div>
      <input type="search" placeholder={t('search')} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ErrorNotice error={error} />
      <div className="table-scroll">
        <table className="grid" data-testid="donors">
          <thead>
            <tr>
              <th>{t('donorName')}</th>
              <th>{t('kindCol')}</th>
              <th className="num">{t('paidTotal')}</th>
              <th className="num">{t('workersProtected')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((d) => (
              <tr key={d.id}>
                <td>
                  {d.name}
                  <br />
                  <small className="muted">{d.email}</small>
                </td>
                <td>{label('donorKind', d.kind)}</td>
                <td className="num">{fmt.rupiah(d.paid ?? 0)}</td>
                <td className="num">{fmt.number(d.workers ?? 0)}</td>
                <td>{can('donors.manage') && <button onClick={() => setChosen(d)}>{t('newSponsorship')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen && (
        <>
          <h2>
            {t('newSponsorship')} — {chosen.name}
          </h2>
          <SponsorForm donorId={chosen.id} regencyCode={chosen.regencyCode} onDone={reload} />
        </>
      )}
      {can('donors.manage') && (
        <form
          className="card-wide form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(
              () =>
                api<DonorView>('/donors', {
                  method: 'POST',
                  body: {
                    ...form,
                    nip: form.nip || null,
                    npwp: form.npwp || null,
                    contactName: form.contactName || null,
                    phone: form.phone || null,
                    regencyCode: me?.user.regionCode?.slice(0, 5),
                  },
                }),
              (d) => {
                reload();
                return t('donorAdded', { name: d.name });
              },
            );
          }}
        >
          <h2>{t('addDonor')}</h2>
          {act.notice && <p className="notice">{act.notice}</p>}
          <ErrorNotice error={act.error} />
          <Field label={t('donorKind')} name="kind" problems={act.problems}>
            <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
              {(['company', 'civil_servant', 'citizen'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`donorKind_${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('donorName')} name="name" problems={act.problems}>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </Field>
          <Field label={t('email')} name="email" problems={act.problems}>
            <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </Field>
          {form.kind === 'company' && (
            <>
              <Field label={t('npwp')} name="npwp" problems={act.problems}>
                <input value={form.npwp} onChange={(e) => setForm({ ...form, npwp: e.target.value })} />
              </Field>
              <Field label={t('contactName')} name="contactName" problems={act.problems}>
                <input value={form.contactName} onChange={(e) => setForm({ ...form, contactName: e.target.value })} />
              </Field>
            </>
          )}
          {form.kind === 'civil_servant' && (
            <Field label={t('nip')} name="nip" problems={act.problems}>
              <input value={form.nip} onChange={(e) => setForm({ ...form, nip: e.target.value })} />
            </Field>
          )}
          <Field label={t('phone')} name="phone" problems={act.problems}>
            <input value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} />
          </Field>
          <button className="primary" disabled={act.busy}>
            {t('addDonor')}
          </button>
        </form>
      )}
    </div>
  );
}

/** Donors who gave last year and not yet this year. */
export function Lapsed() {
  const { t, fmt, label } = useI18n();
  const { data, error } = useApi<{ year: number; items: { id: number; kind: string; name: string; email: string; lastYear: number; lastPaidOn: string }[] }>(
    '/donors/lapsed',
  );
  return (
    <div>
      <ErrorNotice error={error} />
      {data && <p className="note">{t('lapsedLead', { prev: data.year - 1, year: data.year })}</p>}
      <div className="table-scroll">
        <table className="grid" data-testid="lapsed">
          <tbody>
            {(data?.items ?? []).map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{label('donorKind', d.kind)}</td>
                <td>{d.email}</td>
                <td className="num">{fmt.rupiah(d.lastYear)}</td>
                <td className="date">{fmt.date(d.lastPaidOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

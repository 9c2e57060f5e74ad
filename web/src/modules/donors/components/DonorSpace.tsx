import '../donors.css';
import { useState } from 'react';
import { api } from '../../../api/client';
import type { DonorOverview, SponsorshipView } from '../../../../../src/modules/donors/donors.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DonorLogin } from './DonorAuthPages';
import { SponsorForm } from './SponsorForm';

/** /donor: the sign-in for a visitor, the donor's own space once signed in (staff are sent to their pages). */
export function DonorSpace() {
  const { me, ready } = useAuth();
  const { t } = useI18n();
  if (!ready) return <p className="boot">{t('loading')}</p>;
  if (!me) return <DonorLogin />;
  if (me.user.role !== 'donor')
    return (
      <p>
        <a href="/donors">{t('donorsTitle')}</a>
      </p>
    );
  return <DonorHome />;
}

function DonorHome() {
  const { t, fmt } = useI18n();
  const { data, error, reload } = useApi<DonorOverview>('/donor/overview');
  const act = useAction();
  const year = new Date().getFullYear();
  if (!data) return <ErrorNotice error={error} />;
  const { totals } = data;
  return (
    <section className="donor-home">
      <h1>{data.donor.name}</h1>
      <p className="muted">
        {t(`donorKind_${data.donor.kind}`)} · {data.donor.regencyName}
      </p>
      <div className="cards" data-testid="donor-totals">
        <div className="stat">
          <span>{t('workersProtected')}</span>
          <strong>{fmt.number(totals.workersProtected)}</strong>
        </div>
        <div className="stat">
          <span>{t('monthsFunded')}</span>
          <strong>{fmt.number(totals.monthsFunded)}</strong>
        </div>
        <div className="stat">
          <span>{t('paidTotal')}</span>
          <strong>{fmt.rupiah(totals.paid)}</strong>
        </div>
        <div className="stat">
          <span>{t('claimsPaidToFamilies')}</span>
          <strong>
            {fmt.number(totals.claimsPaid)} · {fmt.rupiah(totals.claimsAmount)}
          </strong>
        </div>
      </div>
      {totals.paid > 0 && (
        <p className="actions">
          <a className="button" href="/api/v1/donor/certificate.pdf" data-testid="certificate">
            {t('certificate')}
          </a>
          {data.donor.kind === 'company' && (
            <a className="button" href={`/api/v1/donor/csr-report.pdf?year=${year}`}>
              {t('csrReport', { year })}
            </a>
          )}
        </p>
      )}
      <h2>{t('mySponsorships')}</h2>
      <ErrorNotice error={act.error} />
      {data.sponsorships.length === 0 && <p className="note">{t('noSponsorships')}</p>}
      <div className="sponsorships" data-testid="my-sponsorships">
        {data.sponsorships.map((s) => (
          <SponsorshipCard
            key={s.id}
            s={s}
            onRenew={() => void act.run(() => api(`/donor/sponsorships/${s.id}/renew`, { method: 'POST' }), reload)}
            onCancel={() => void act.run(() => api(`/donor/sponsorships/${s.id}/cancel`, { method: 'POST' }), reload)}
          />
        ))}
      </div>
      <SponsorForm onDone={reload} regencyCode={data.donor.regencyCode} />
    </section>
  );
}

function SponsorshipCard({ s, onRenew, onCancel }: { s: SponsorshipView; onRenew: () => void; onCancel: () => void }) {
  const { t, fmt, label } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <article className={`sponsorship ${s.status}`} data-testid={`sponsorship-${s.id}`}>
      <header>
        <strong>
          #{s.id} · {s.kind === 'named' ? s.workerName : t('sponsorKind_pool')}
        </strong>
        <span className={`pill ${s.status}`}>{label('sponsorStatus', s.status)}</span>
      </header>
      <p>
        {fmt.monthRange(s.monthFrom, s.monthTo)} · {fmt.rupiah(s.amount)}
      </p>
      {s.workers.map((w) => (
        <p key={w.workerId} className="worker-line" data-testid="sponsored-worker">
          {w.name} — {w.protection ? label('protection', w.protection) : t('none')}
        </p>
      ))}
      {s.kind === 'pool' &&
        s.byDistrict.map((d) => (
          <p key={d.district} className="worker-line">
            {t('poolByDistrict', { n: fmt.number(d.workers), district: d.district })}
          </p>
        ))}
      {s.donations.map((d) => (
        <p key={d.id} className="donation-line">
          {d.status === 'expected' ? (
            <>
              {t('paymentCode')}: <code data-testid="payment-code">{d.paymentCode}</code> · {fmt.rupiah(d.amount)}
            </>
          ) : (
            <>
              {label('donationStatus', d.status)} {d.paidOn ? fmt.date(d.paidOn) : ''} · {fmt.rupiah(d.paidAmount)}{' '}
              {(d.status === 'paid' || d.status === 'refunded') && (
                <a href={`/api/v1/donor/donations/${d.id}/receipt.pdf`} data-testid="receipt">
                  {t('receipt')} {d.receiptNumber}
                </a>
              )}
            </>
          )}
        </p>
      ))}
      <button type="button" className="link" onClick={() => setOpen(!open)}>
        {t('monthsN', { n: s.months })} ▾
      </button>
      {open && (
        <table className="grid small">
          <tbody>
            {s.price.months.map((m) => (
              <tr key={m.month}>
                <td>{fmt.month(m.month)}</td>
                <td className="num">{fmt.rupiah(m.amount)}</td>
                <td className="note">{m.discountBasis ? t('discountMonth') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        {s.status === 'active' && (
          <button type="button" onClick={onRenew}>
            {t('renew')}
          </button>
        )}
        {s.status === 'awaiting_payment' && (
          <button type="button" className="link" onClick={onCancel}>
            {t('cancelSponsorship')}
          </button>
        )}
      </div>
    </article>
  );
}

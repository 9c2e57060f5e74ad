import { useState } from 'react';
import { api } from '../../../api/client';
import type { QuoteView, SponsorshipView } from '../../../../../src/modules/donors/donors.schemas.js';
import { useAction } from '../../../hooks/useAction';
import { useSectors } from '../../../hooks/useSectors';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Field } from '../../../components/Field';
import { DateInput, MonthInput } from '../../../components/DateInput';
import { RegionPicker } from '../../regions/components/RegionPicker';
import { todayJakarta } from '../../../dates';

/**
 * A new sponsorship: a worker the donor knows (with the worker's consent: who, how, when) or a pool,
 * for 3, 6 or 12 months; the price month by month before anything is saved.
 */
export function SponsorForm({ onDone, regencyCode, donorId }: { onDone: () => void; regencyCode: string; donorId?: number }) {
  const { t, fmt } = useI18n();
  const { sectors, sectorName } = useSectors();
  const today = todayJakarta();
  const [kind, setKind] = useState<'named' | 'pool'>('named');
  const [months, setMonths] = useState(6);
  const [monthFrom, setMonthFrom] = useState(today.slice(0, 7));
  const [worker, setWorker] = useState({ nik: '', fullName: '', birthDate: '', villageCode: '', sectorCode: 'domestic_worker', phone: '' });
  const [consent, setConsent] = useState({ by: '', method: 'in_person', at: today, note: '' });
  const [pool, setPool] = useState({ workersWanted: '10', areaCode: '' });
  const [quote, setQuote] = useState<QuoteView | null>(null);
  const [created, setCreated] = useState('');
  const act = useAction();
  const body = () => ({
    donorId,
    kind,
    months,
    monthFrom,
    ...(kind === 'named'
      ? { worker: { ...worker, phone: worker.phone || null }, consent: { ...consent, method: consent.method as 'in_person' } }
      : { workersWanted: Number(pool.workersWanted), areaCode: pool.areaCode || undefined }),
  });
  return (
    <form
      className="card-wide form-grid sponsor-form"
      data-testid="sponsor-form"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run(
          () => api<SponsorshipView>(donorId ? '/sponsorships' : '/donor/sponsorships', { method: 'POST', body: body() }),
          (s) => {
            setCreated(t('sponsorCreated', { id: s.id, rupiah: fmt.rupiah(s.amount), code: s.donations[0]?.paymentCode ?? '' }));
            setQuote(null);
            onDone();
          },
        );
      }}
    >
      <h2>{t('newSponsorship')}</h2>
      {created && (
        <p className="notice" role="status" data-testid="sponsor-created">
          {created}
        </p>
      )}
      <ErrorNotice error={act.error} />
      <Field label={t('sponsorKind')} name="kind" problems={act.problems}>
        <select name="sponsorKind" value={kind} onChange={(e) => setKind(e.target.value as 'named' | 'pool')}>
          <option value="named">{t('sponsorKind_named')}</option>
          <option value="pool">{t('sponsorKind_pool')}</option>
        </select>
      </Field>
      <Field label={t('sponsorMonths')} name="months" problems={act.problems}>
        <select name="months" value={months} onChange={(e) => setMonths(Number(e.target.value))}>
          {[3, 6, 12].map((m) => (
            <option key={m} value={m}>
              {t('monthsN', { n: m })}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('sponsorFrom')} name="monthFrom" problems={act.problems}>
        <MonthInput name="monthFrom" value={monthFrom} onChange={setMonthFrom} />
      </Field>
      {kind === 'named' ? (
        <>
          <Field label={t('workerNik')} name="worker.nik" problems={act.problems}>
            <input name="workerNik" inputMode="numeric" value={worker.nik} onChange={(e) => setWorker({ ...worker, nik: e.target.value })} />
          </Field>
          <Field label={t('workerName')} name="worker.fullName" problems={act.problems}>
            <input name="workerName" value={worker.fullName} onChange={(e) => setWorker({ ...worker, fullName: e.target.value })} />
          </Field>
          <Field label={t('birthDate')} name="worker.birthDate" problems={act.problems}>
            <DateInput name="workerBirth" value={worker.birthDate} onChange={(d) => setWorker({ ...worker, birthDate: d })} />
          </Field>
          <Field label={t('workerSector')} name="worker.sectorCode" problems={act.problems}>
            <select name="workerSector" value={worker.sectorCode} onChange={(e) => setWorker({ ...worker, sectorCode: e.target.value })}>
              {sectors.map((s) => (
                <option key={s.code} value={s.code}>
                  {sectorName(s.code)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('workerVillage')} name="worker.villageCode" problems={act.problems}>
            <RegionPicker value={worker.villageCode} level="village" within={regencyCode} onChange={(c) => setWorker({ ...worker, villageCode: c })} />
          </Field>
          <Field label={t('phone')} name="worker.phone" problems={act.problems}>
            <input name="workerPhone" inputMode="tel" value={worker.phone} onChange={(e) => setWorker({ ...worker, phone: e.target.value })} />
          </Field>
          <fieldset className="consent">
            <legend>{t('consentTitle')}</legend>
            <p className="note">{t('consentLead')}</p>
            <Field label={t('consentBy')} name="consent.by" problems={act.problems}>
              <input name="consentBy" value={consent.by} onChange={(e) => setConsent({ ...consent, by: e.target.value })} />
            </Field>
            <Field label={t('consentMethod')} name="consent.method" problems={act.problems}>
              <select name="consentMethod" value={consent.method} onChange={(e) => setConsent({ ...consent, method: e.target.value })}>
                {(['in_person', 'phone', 'written', 'message'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`consentMethod_${m}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('consentAt')} name="consent.at" problems={act.problems}>
              <DateInput name="consentAt" value={consent.at} onChange={(d) => setConsent({ ...consent, at: d })} />
            </Field>
            <Field label={t('consentNote')} name="consent.note" problems={act.problems}>
              <input name="consentNote" value={consent.note} onChange={(e) => setConsent({ ...consent, note: e.target.value })} />
            </Field>
          </fieldset>
        </>
      ) : (
        <>
          <Field label={t('workersWanted')} name="workersWanted" problems={act.problems}>
            <input name="workersWanted" inputMode="numeric" value={pool.workersWanted} onChange={(e) => setPool({ ...pool, workersWanted: e.target.value })} />
          </Field>
          <Field label={t('areaCode')} name="areaCode" problems={act.problems}>
            <RegionPicker value={pool.areaCode} within={regencyCode} onChange={(c) => setPool({ ...pool, areaCode: c })} />
          </Field>
        </>
      )}
      <div className="actions">
        <button
          type="button"
          data-testid="quote"
          disabled={act.busy}
          onClick={() =>
            void act.run(
              () => api<QuoteView>(donorId ? '/sponsorships/quote' : '/donor/quote', { method: 'POST', body: body() }),
              (q) => setQuote(q),
            )
          }
        >
          {t('quote')}
        </button>
        <button type="submit" className="primary" disabled={act.busy} data-testid="sponsor-submit">
          {t('sponsorNow')}
        </button>
      </div>
      {quote && (
        <div data-testid="quote-result">
          <table className="grid small">
            <tbody>
              {quote.months.map((m) => (
                <tr key={m.month} className={m.discountBasis ? 'discounted' : undefined}>
                  <td>{fmt.month(m.month)}</td>
                  <td className="num">{fmt.rupiah(m.amount)}</td>
                  <td className="note">{m.discountBasis ? t('discountMonth') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <strong>{t('quoteTotal', { rupiah: fmt.rupiah(quote.total), n: fmt.number(quote.workers) })}</strong>
          </p>
        </div>
      )}
    </form>
  );
}

import '../donors.css';
import { useState } from 'react';
import { api, uploadFile } from '../../../api/client';
import type { DonationView, PoolView, SponsorshipView, StatementLineView } from '../../../../../src/modules/donors/donors.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useAction } from '../../../hooks/useAction';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Donors, Lapsed } from './DonorsList';

const TABS = ['payments', 'statement', 'pools', 'sponsorships', 'donors', 'lapsed'] as const;
type Tab = (typeof TABS)[number];
const tabKey = {
  payments: 'tabPayments',
  statement: 'tabStatement',
  pools: 'tabPools',
  sponsorships: 'tabSponsorships',
  donors: 'tabDonors',
  lapsed: 'tabLapsed',
} as const;

/** The regency's donor desk: payments to confirm, bank statements, pools to assign, sponsorships, donors, lapsed donors. */
export function DonorsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('payments');
  return (
    <section className="donors-page">
      <h1>{t('donorsTitle')}</h1>
      <div className="tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} role="tab" className={k === tab ? 'on' : ''} onClick={() => setTab(k)} data-testid={`tab-${k}`}>
            {t(tabKey[k])}
          </button>
        ))}
      </div>
      {tab === 'payments' && <Payments />}
      {tab === 'statement' && <Statement />}
      {tab === 'pools' && <Pools />}
      {tab === 'sponsorships' && <Sponsorships />}
      {tab === 'donors' && <Donors />}
      {tab === 'lapsed' && <Lapsed />}
    </section>
  );
}

function Payments() {
  const { t, fmt } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<{ items: DonationView[] }>('/donations?status=expected');
  const [refs, setRefs] = useState<Record<number, string>>({});
  const act = useAction();
  return (
    <div>
      <ErrorNotice error={error ?? act.error} />
      {act.notice && <p className="notice">{act.notice}</p>}
      <div className="table-scroll">
        <table className="grid" data-testid="expected-donations">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('donorName')}</th>
              <th>{t('paymentCode')}</th>
              <th className="num">{t('expectedAmount')}</th>
              {can('donors.manage') && <th>{t('transferRef')}</th>}
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td>
                <td>{d.donorName}</td>
                <td className="mono">{d.paymentCode}</td>
                <td className="num">{fmt.rupiah(d.amount)}</td>
                {can('donors.manage') && (
                  <td>
                    <input name={`ref-${d.id}`} value={refs[d.id] ?? ''} onChange={(e) => setRefs({ ...refs, [d.id]: e.target.value })} />{' '}
                    <button
                      disabled={act.busy || !refs[d.id]}
                      onClick={() =>
                        void act.run(
                          () => api<DonationView>(`/donations/${d.id}/confirm`, { method: 'POST', body: { amount: d.amount, reference: refs[d.id] } }),
                          (r) => {
                            reload();
                            return t('paymentConfirmed', { id: r.id, receipt: r.receiptNumber ?? '' });
                          },
                        )
                      }
                    >
                      {t('confirmPayment')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Statement() {
  const { t, fmt, label } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<{ statements: { id: number; fileName: string; lines: number; matched: number }[]; items: StatementLineView[] }>(
    '/bank-statements?open=true',
  );
  const act = useAction();
  const [targets, setTargets] = useState<Record<number, string>>({});
  return (
    <div>
      {can('donors.manage') && (
        <label className="button primary upload">
          {t('uploadStatement')}
          <input
            type="file"
            hidden
            name="statement"
            accept=".csv,.txt,.xlsx,.sta,.940,.mt940"
            onChange={(e) =>
              e.target.files?.[0] &&
              void act.run(
                () => uploadFile<{ lines: number; matched: number; open: number }>('/bank-statements', e.target.files![0]!, () => undefined),
                (r) => {
                  reload();
                  return t('statementImported', { lines: fmt.number(r.lines), matched: fmt.number(r.matched), open: fmt.number(r.open) });
                },
              )
            }
          />
        </label>
      )}
      <ErrorNotice error={error ?? act.error} />
      {act.notice && (
        <p className="notice" role="status" data-testid="statement-result">
          {act.notice}
        </p>
      )}
      <h2>{t('openLines')}</h2>
      <div className="table-scroll">
        <table className="grid small" data-testid="open-lines">
          <tbody>
            {(data?.items ?? []).map((l) => (
              <tr key={l.id}>
                <td className="date">{fmt.date(l.bookedOn)}</td>
                <td className="num">{fmt.rupiah(l.amount)}</td>
                <td>{l.reference || l.description}</td>
                <td>
                  {label('lineStatus', l.status)}
                  <br />
                  <small className="muted">{l.note}</small>
                </td>
                {can('donors.manage') && (
                  <td>
                    <input
                      name={`donation-${l.id}`}
                      inputMode="numeric"
                      placeholder={t('donationNo')}
                      value={targets[l.id] ?? (l.donationId ? String(l.donationId) : '')}
                      onChange={(e) => setTargets({ ...targets, [l.id]: e.target.value })}
                    />{' '}
                    <button
                      onClick={() =>
                        void act.run(
                          () =>
                            api(`/bank-statement-lines/${l.id}/decide`, {
                              method: 'POST',
                              body: { decision: 'accept', donationId: Number(targets[l.id] ?? l.donationId) || undefined },
                            }),
                          reload,
                        )
                      }
                    >
                      {t('acceptLine')}
                    </button>{' '}
                    <button
                      className="link"
                      onClick={() => void act.run(() => api(`/bank-statement-lines/${l.id}/decide`, { method: 'POST', body: { decision: 'ignore' } }), reload)}
                    >
                      {t('ignoreLine')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Pools() {
  const { t, fmt } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<{ items: PoolView[] }>('/donor-pools');
  const act = useAction();
  return (
    <div>
      <ErrorNotice error={error ?? act.error} />
      <div className="table-scroll">
        <table className="grid" data-testid="pools">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('donorName')}</th>
              <th>{t('areaCode')}</th>
              <th className="num">{t('paidTotal')}</th>
              <th className="num">{t('poolBalance')}</th>
              <th className="num">{t('assigned')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map((p) => (
              <tr key={p.id}>
                <td>{p.id}</td>
                <td>{p.donorName}</td>
                <td>{p.areaName ?? t('none')}</td>
                <td className="num">{fmt.rupiah(p.paid)}</td>
                <td className="num">{fmt.rupiah(p.balance)}</td>
                <td className="num">
                  {fmt.number(p.workers)} / {fmt.number(p.workersWanted)}
                </td>
                <td>
                  {can('donors.manage') && p.workers < p.workersWanted && p.paid > 0 && (
                    <button onClick={() => void act.run(() => api(`/sponsorships/${p.id}/assign`, { method: 'POST' }), reload)}>{t('assignPool')}</button>
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

function Sponsorships() {
  const { t, fmt, label } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<{ items: SponsorshipView[] }>('/sponsorships');
  const act = useAction();
  return (
    <div>
      <ErrorNotice error={error ?? act.error} />
      <div className="table-scroll">
        <table className="grid small" data-testid="sponsorships">
          <tbody>
            {(data?.items ?? []).map((s) => (
              <tr key={s.id}>
                <td>#{s.id}</td>
                <td>{s.donorName}</td>
                <td>{s.kind === 'named' ? s.workerName : `${t('sponsorKind_pool')} (${fmt.number(s.assigned)})`}</td>
                <td>{fmt.monthRange(s.monthFrom, s.monthTo)}</td>
                <td className="num">{fmt.rupiah(s.amount)}</td>
                <td>
                  {label('sponsorStatus', s.status)}
                  {s.statusNote && <small className="muted"> — {s.statusNote}</small>}
                </td>
                <td>
                  {can('donors.manage') && (s.status === 'refund_due' || s.status === 'awaiting_assignment') && (
                    <button
                      className="link"
                      onClick={() => {
                        const reference = window.prompt(t('refundRef'));
                        if (reference) void act.run(() => api(`/sponsorships/${s.id}/refund`, { method: 'POST', body: { reference } }), reload);
                      }}
                    >
                      {t('refund')}
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

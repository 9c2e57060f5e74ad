import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client';
import type { InvoiceDetail } from '../../enrolment/api';
import { todayJakarta } from '../../../dates';
import { useApi } from '../../../hooks/useApi';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DateInput } from '../../../components/DateInput';
import { useAction } from '../../../hooks/useAction';

/** One invoice: its months, its payments, and a form to record another (partial allowed). */
export function InvoicePage() {
  const { id } = useParams();
  const { t, formatNumber, fmt, label } = useI18n();
  const { can } = useAuth();
  const { data, error, reload } = useApi<InvoiceDetail>(`/invoices/${id}`);
  const [paidOn, setPaidOn] = useState(todayJakarta());
  const [reference, setReference] = useState('');
  const [amount, setAmount] = useState('');
  const payment = useAction();
  const rp = fmt.rupiah;
  // The amount starts as what is still owed; an operator changes it only for a partial payment.
  useEffect(() => {
    if (data) setAmount(data.outstanding > 0 ? formatNumber(data.outstanding) : '');
  }, [data, formatNumber]);
  if (!data) return <ErrorNotice error={error} />;
  const pay = () =>
    payment.run(
      () => api(`/invoices/${id}/payments`, { method: 'POST', body: { paidOn, reference, amount: Number(amount.replace(/[.,\s]/g, '')) } }),
      () => {
        setReference('');
        reload();
      },
    );
  return (
    <section>
      <p>
        <Link to="/billing">← {t('invoices')}</Link>
      </p>
      <h1>
        {t('invoice')} #{data.id} · {data.sourceName} [{data.fundingType}]
      </h1>
      <div className="actions">
        <a className="button" href={`/api/v1/invoices/${data.id}/invoice.pdf`} data-testid="invoice-pdf">
          {t('invoicePdf')}
        </a>
        <a className="button" href={`/api/v1/invoices/${data.id}/participants.xlsx`} data-testid="invoice-xlsx">
          {t('invoiceParticipants')}
        </a>
      </div>
      {data.status === 'partial' && (
        <p className="notice warn">
          {t('partialCovered', { n: formatNumber(data.months.reduce((a, m) => a + m.paidLines, 0)), lines: formatNumber(data.lines) })}
        </p>
      )}
      <div className="stats">
        <div className="stat">
          <b>{fmt.monthRange(data.periodFrom, data.periodTo)}</b>
          <small>{t('period')}</small>
        </div>
        <div className="stat">
          <b>{rp(data.total)}</b>
          <small>
            {t('total')} · {formatNumber(data.lines)} {t('lines')}
          </small>
        </div>
        <div className="stat">
          <b data-testid="invoice-paid">{rp(data.paid)}</b>
          <small>{t('paid')}</small>
        </div>
        <div className="stat">
          <b>{rp(data.outstanding)}</b>
          <small>{t('outstanding')}</small>
        </div>
        <div className="stat">
          <b data-testid="invoice-status">{label('inv', data.status)}</b>
          <small>{t('status')}</small>
        </div>
      </div>
      <table className="grid small">
        <thead>
          <tr>
            <th>{t('month')}</th>
            <th>{t('lines')}</th>
            <th>{t('total')}</th>
            <th>{t('paid')}</th>
          </tr>
        </thead>
        <tbody>
          {data.months.map((m) => (
            <tr key={m.month}>
              <td>{fmt.month(m.month)}</td>
              <td className="num">{formatNumber(m.lines)}</td>
              <td className="num">{rp(m.amount)}</td>
              <td className="num">
                {formatNumber(m.paidLines)} / {formatNumber(m.lines)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('payments')}</h2>
      {data.payments.length === 0 && <p>{t('none0')}</p>}
      {data.payments.length > 0 && (
        <table className="grid small" data-testid="payments">
          <tbody>
            {data.payments.map((p) => (
              <tr key={p.id}>
                <td className="date">{fmt.date(p.paidOn)}</td>
                <td>{p.reference}</td>
                <td className="num">{rp(p.amount)}</td>
                <td>
                  {t('recordedBy')} {p.recordedBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('billing.write') && data.outstanding > 0 && (
        <div className="card-wide" data-testid="payment-form">
          <h2>{t('recordPayment')}</h2>
          <div className="inline-form">
            <label className="field">
              <span>{t('paidOn')}</span>
              <DateInput name="paidOn" value={paidOn} onChange={setPaidOn} />
            </label>
            <label className="field">
              <span>{t('paymentRef')}</span>
              <input name="paymentRef" value={reference} onChange={(e) => setReference(e.target.value)} />
            </label>
            <label className="field">
              <span>{t('amount')}</span>
              <input
                name="paymentAmount"
                inputMode="numeric"
                placeholder={formatNumber(data.outstanding)}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            </label>
            <button onClick={() => void pay()} data-testid="record-payment">
              {t('recordPayment')}
            </button>
          </div>
          <ErrorNotice error={payment.error} />
        </div>
      )}
      <p className="note">
        {t('legalBasis')}: {data.legalBasis.join('; ')}
      </p>
    </section>
  );
}

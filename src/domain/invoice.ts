/**
 * The state of an invoice from its amounts: nothing paid is open, part paid is partial, the whole
 * total (or more, after lines are withdrawn from a paid invoice) is paid. One rule for every writer
 * of invoices: a payment, and the withdrawal of an ended participant's unpaid months.
 */
export type InvoiceStatus = 'open' | 'partial' | 'paid';

export function invoiceStatus(total: number, paid: number): InvoiceStatus {
  if (paid >= total) return 'paid';
  return paid > 0 ? 'partial' : 'open';
}

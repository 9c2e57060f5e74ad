/** Shapes of the enrolment, billing and alerts API: the server's own types, so the two cannot drift. */
export type { ParticipantStatus } from '../../../src/domain/protection.js';
export type { ProtectionAnswer as Protection } from '../../../src/domain/protection.js';
export type { BatchView as Batch, ParticipantView as Participant } from '../../../src/modules/enrolment/enrolment.service.js';
export type { InvoiceView as Invoice, InvoiceDetail, Timeline } from '../../../src/modules/billing/billing.service.js';
export type { AlertRow, AlertsView as Alerts } from '../../../src/modules/billing/alerts.service.js';
export type { ReconciliationView as Reconciliation } from '../../../src/modules/billing/reconcile.service.js';

export interface EnrollablePlan {
  id: number;
  name: string;
  programId: number;
  fiscalYear: number;
  monthFrom: string;
  monthTo: string;
  funded: number;
  enrolled: number;
}

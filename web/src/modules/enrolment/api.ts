/** Shapes of the enrolment, billing and alerts API: the routes' response schemas as types, so the two cannot drift. */
export type { Batch, Participant, ParticipantStatus } from '../../../../src/modules/enrolment/enrolment.schemas.js';
export type {
  Invoice,
  InvoiceDetailView as InvoiceDetail,
  TimelineView as Timeline,
  Protection,
  Alerts,
  AlertRow,
  Reconciliation,
} from '../../../../src/modules/billing/billing.schemas.js';

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

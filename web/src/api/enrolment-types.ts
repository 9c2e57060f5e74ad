/** Shapes of the enrolment and billing API (mirrors src/modules/enrolment and src/modules/billing). */
export type ParticipantStatus = 'candidate' | 'submitted' | 'active' | 'lapsed' | 'ended';

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

export interface Batch {
  id: number;
  planId: number;
  planName: string;
  programName: string;
  status: 'submitted' | 'answered';
  submitted: number;
  continuing: number;
  accepted: number;
  rejected: number;
  createdBy: string;
  createdAt: string;
  answeredAt: string | null;
}

export interface Participant {
  id: number;
  nik: string;
  fullName: string;
  villageCode: string;
  sectorCode: string;
  kpj: string | null;
  status: ParticipantStatus;
  statusSince: string;
  endReason: string | null;
  rejection: string | null;
  batchId: number | null;
  version: number;
}

export interface Protection {
  state: 'protected' | 'grace' | 'none';
  month: string;
  source: { id: number; name: string } | null;
  protectedUntil: string | null;
  reactivationDeadline: string | null;
  code: string;
  reason: string;
}

export interface Timeline {
  participant: Participant;
  events: { at: string; fromStatus: string | null; toStatus: string; reason: string; detail: string; actor: string }[];
  periods: { sourceName: string; fundingType: string; kind: string; planId: number | null; fiscalYear: number; monthFrom: string; monthTo: string }[];
  months: { month: string; sourceName: string; amount: number; paid: boolean; invoiceId: number }[];
  protection: Protection;
}

export interface Invoice {
  id: number;
  sourceName: string;
  fundingType: string;
  programId: number;
  periodFrom: string;
  periodTo: string;
  seq: number;
  lines: number;
  total: number;
  paid: number;
  outstanding: number;
  status: 'open' | 'partial' | 'paid';
  createdAt: string;
}

export interface InvoiceDetail extends Invoice {
  payments: { id: number; paidOn: string; reference: string; amount: number; recordedBy: string }[];
  months: { month: string; lines: number; amount: number; paidLines: number }[];
  legalBasis: string[];
}

export interface AlertRow {
  kind: 'ending' | 'unpaid';
  participantId: number;
  nik: string;
  fullName: string;
  villageCode: string;
  sourceName: string;
  date: string;
  months: number;
  rupiah: number;
  deadline: string;
}

export interface Alerts {
  asOf: string;
  days: number;
  counts: { ending: number; unpaid: number; unpaidRupiah: number; cohorts: number; cohortWorkers: number };
  ending: AlertRow[];
  unpaid: AlertRow[];
  cohorts: { sourceId: number; sourceName: string; fiscalYear: number; endsOn: string; workers: number; nextYearBudget: number; lapseDeadline: string }[];
}

export interface Reconciliation {
  id: number;
  fileName: string;
  statementRows: number;
  missing: number;
  extra: number;
  mismatched: number;
  matched: number;
  createdBy: string;
  createdAt: string;
  items?: { kind: string; nik: string; participantId: number | null; field: string; ours: string; theirs: string }[];
}

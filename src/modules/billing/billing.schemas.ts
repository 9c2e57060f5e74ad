import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import type { ProtectionAnswer } from '../../domain/protection.js';
import { participantSchema } from '../enrolment/enrolment.schemas.js';
import type { InvoiceDetail, InvoiceView, Timeline, protectionStatus, runBilling, setBillingCycle } from './billing.service.js';
import type { AlertsView } from './alerts.service.js';
import type { ReconciliationView } from './reconcile.service.js';

/** Response schemas of the billing routes: the whitelist of what reaches a client. */
type Out<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export const billingCycleSchema = viewOf<Out<typeof setBillingCycle>>()(
  z.object({ sourceId: z.number(), billingCycle: z.enum(['monthly', 'quarterly', 'yearly']) }),
);

export const invoiceSchema = viewOf<InvoiceView>()(
  z.object({
    id: z.number(),
    sourceId: z.number(),
    sourceName: z.string(),
    fundingType: z.string(),
    programId: z.number(),
    regionCode: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    seq: z.number(),
    lines: z.number(),
    total: z.number(),
    paid: z.number(),
    outstanding: z.number(),
    status: z.enum(['open', 'partial', 'paid']),
    createdBy: z.string(),
    createdAt: z.string(),
  }),
);

export const billingRunSchema = viewOf<Out<typeof runBilling>>()(z.object({ created: z.array(invoiceSchema), alreadyBilled: z.boolean() }));

export const invoiceDetailSchema = viewOf<InvoiceDetail>()(
  invoiceSchema.extend({
    payments: z.array(
      z.object({ id: z.number(), paidOn: z.string(), reference: z.string(), amount: z.number(), recordedBy: z.string(), createdAt: z.string() }),
    ),
    months: z.array(z.object({ month: z.string(), lines: z.number(), amount: z.number(), paidLines: z.number() })),
    legalBasis: z.array(z.string()),
  }),
);

export const protectionAnswerSchema = viewOf<ProtectionAnswer>()(
  z.object({
    state: z.enum(['protected', 'grace', 'none']),
    month: z.string(),
    source: z.object({ id: z.number(), name: z.string() }).nullable(),
    protectedUntil: z.string().nullable(),
    reactivationDeadline: z.string().nullable(),
    code: z.enum(['paid', 'billed_unpaid', 'not_billed', 'arrears_passed', 'never_paid', 'ended', 'not_registered']),
    reason: z.string(),
  }),
);

export const protectionSchema = viewOf<Out<typeof protectionStatus>>()(protectionAnswerSchema.extend({ participant: participantSchema, day: z.string() }));

export const timelineSchema = viewOf<Timeline>()(
  z.object({
    participant: participantSchema,
    events: z.array(
      z.object({
        at: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string(),
        reason: z.string(),
        detail: z.string(),
        reasonText: z.object({ id: z.string(), en: z.string() }),
        detailText: z.object({ id: z.string(), en: z.string() }),
        actor: z.string(),
        recordedAt: z.string(),
      }),
    ),
    periods: z.array(
      z.object({
        sourceId: z.number(),
        sourceName: z.string(),
        fundingType: z.string(),
        kind: z.string(),
        planId: z.number().nullable(),
        fiscalYear: z.number(),
        monthFrom: z.string(),
        monthTo: z.string(),
      }),
    ),
    months: z.array(z.object({ month: z.string(), sourceName: z.string(), amount: z.number(), paid: z.boolean(), invoiceId: z.number() })),
    protection: protectionAnswerSchema,
  }),
);

const alertRow = z.object({
  kind: z.enum(['ending', 'unpaid', 'cohort', 'eligibility']),
  participantId: z.number().nullable(),
  nik: z.string(),
  fullName: z.string(),
  villageCode: z.string(),
  sourceName: z.string(),
  date: z.string(),
  months: z.number(),
  rupiah: z.number(),
  deadline: z.string(),
});

export const alertsSchema = viewOf<AlertsView>()(
  z.object({
    asOf: z.string(),
    days: z.number(),
    page: z.object({ limit: z.number(), endingOffset: z.number(), unpaidOffset: z.number() }),
    counts: z.object({
      ending: z.number(),
      unpaid: z.number(),
      unpaidRupiah: z.number(),
      cohorts: z.number(),
      cohortWorkers: z.number(),
      overdueClaims: z.number(),
      scholarshipDue: z.number(),
      /** Funded participants a DTSEN update took out of their source's rules while their plan runs (issue 16.3). */
      eligibilityLost: z.number(),
      eligibilityLostRupiah: z.number(),
    }),
    ending: z.array(alertRow),
    unpaid: z.array(alertRow),
    eligibility: z.array(alertRow),
    cohorts: z.array(
      z.object({
        sourceId: z.number(),
        programId: z.number(),
        sourceName: z.string(),
        fiscalYear: z.number(),
        endsOn: z.string(),
        workers: z.number(),
        nextYearBudget: z.number(),
        lapseDeadline: z.string(),
      }),
    ),
  }),
);

export const reconciliationSchema = viewOf<ReconciliationView>()(
  z.object({
    id: z.number(),
    programId: z.number(),
    regionCode: z.string(),
    fileName: z.string(),
    statementRows: z.number(),
    missing: z.number(),
    extra: z.number(),
    mismatched: z.number(),
    matched: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    items: z
      .array(z.object({ kind: z.string(), nik: z.string(), participantId: z.number().nullable(), field: z.string(), ours: z.string(), theirs: z.string() }))
      .optional(),
  }),
);

/** The shapes the web app reads (it imports server code only from schemas files). */
export type Invoice = z.infer<typeof invoiceSchema>;
export type InvoiceDetailView = z.infer<typeof invoiceDetailSchema>;
export type TimelineView = z.infer<typeof timelineSchema>;
export type Protection = z.infer<typeof protectionAnswerSchema>;
export type Alerts = z.infer<typeof alertsSchema>;
export type AlertRow = Alerts['ending'][number];
export type Reconciliation = z.infer<typeof reconciliationSchema>;

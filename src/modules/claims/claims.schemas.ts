import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import { CLAIM_BENEFITS, CLAIM_STATUSES, HEIR_RELATIONS, INCIDENT_KINDS } from '../../domain/claims.js';
import type { ClaimView, IncidentView, ScholarshipYearView } from './claims.presenter.js';
import { SCHOOL_LEVELS } from '../../domain/benefits.js';
import { CLAIM_FILE_FIELDS, type ClaimFileField, type SubmissionView } from './exchange.service.js';
import type { DecisionResult } from './decisions.service.js';
import type { ClaimsReport } from './reports.service.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/claim-documents.js';

/** Request and response shapes of claims: the whitelist of what reaches a client. */
const text = { id: z.string(), en: z.string() };
const line = z.object({ key: z.string(), label: z.object(text), amount: z.number(), rule: z.string(), legalBasis: z.string() });

export const claimSchema = viewOf<ClaimView>()(
  z.object({
    id: z.number(),
    incidentId: z.number(),
    benefit: z.enum(CLAIM_BENEFITS),
    status: z.enum(CLAIM_STATUSES),
    statusSince: z.string(),
    dueOn: z.string().nullable(),
    overdue: z.boolean(),
    computedAmount: z.number(),
    lines: z.array(line),
    paidAmount: z.number().nullable(),
    paidOn: z.string().nullable(),
    paymentReference: z.string().nullable(),
    difference: z.number().nullable(),
    rejection: z.string().nullable(),
    version: z.number(),
    kind: z.enum(INCIDENT_KINDS),
    occurredOn: z.string(),
    submissionId: z.number().nullable(),
    participant: z.object({ nik: z.string(), fullName: z.string() }),
  }),
);

export const scholarshipYearSchema = viewOf<ScholarshipYearView>()(
  z.object({
    id: z.number(),
    heirId: z.number(),
    child: z.string(),
    schoolYear: z.number(),
    level: z.enum(SCHOOL_LEVELS),
    yearInLevel: z.number(),
    amount: z.number(),
    legalBasis: z.string(),
    status: z.enum(['scheduled', 'verified', 'paid', 'stopped']),
    verifiedOn: z.string().nullable(),
    stopReason: z.string().nullable(),
    paidAmount: z.number().nullable(),
    paidOn: z.string().nullable(),
    reminderDueOn: z.string().nullable(),
  }),
);

export const incidentSchema = viewOf<IncidentView>()(
  z.object({
    id: z.number(),
    participantId: z.number(),
    kind: z.enum(INCIDENT_KINDS),
    occurredOn: z.string(),
    place: z.string(),
    description: z.string(),
    entitlement: z.object({
      entitled: z.enum(['yes', 'conditional', 'no']),
      code: z.enum(['paid', 'billed_unpaid', 'not_billed', 'arrears_passed', 'never_paid', 'ended', 'not_registered']),
      reason: z.object(text),
      protectedUntil: z.string().nullable(),
      reactivationDeadline: z.string().nullable(),
      source: z.object({ id: z.number(), name: z.string() }).nullable(),
    }),
    reportedBy: z.string(),
    reportedAt: z.string(),
    claimDeadline: z.string(),
    disabilityPercent: z.number().nullable(),
    participant: z.object({ nik: z.string(), kpj: z.string().nullable(), fullName: z.string() }),
    claims: z.array(claimSchema),
    timeline: z.array(
      z.object({
        claimId: z.number(),
        benefit: z.enum(CLAIM_BENEFITS),
        at: z.string(),
        from: z.enum(CLAIM_STATUSES).nullable(),
        to: z.enum(CLAIM_STATUSES),
        note: z.string(),
        actor: z.string(),
      }),
    ),
    heirs: z.array(
      z.object({
        id: z.number(),
        relation: z.enum(HEIR_RELATIONS),
        rank: z.number(),
        receives: z.boolean(),
        fullName: z.string(),
        nik: z.string().nullable(),
        birthDate: z.string().nullable(),
        bankName: z.string(),
        bankAccount: z.string(),
      }),
    ),
    documents: z.array(
      z.object({
        kind: z.enum(Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]]),
        label: z.object(text),
        received: z.boolean(),
        receivedOn: z.string().nullable(),
        file: z.object({ name: z.string(), sizeBytes: z.number(), contentType: z.string() }).nullable(),
        contentDeleted: z.boolean(),
      }),
    ),
    scholarship: z.object({ eligible: z.boolean(), reason: z.string(), legalBasis: z.string() }).nullable(),
    scholarshipYears: z.array(scholarshipYearSchema),
    scholarshipCap: z.number().nullable(),
  }),
);

export const yearCheckSchema = z.object({ enrolled: z.boolean(), married: z.boolean(), working: z.boolean(), on: z.string().max(20).optional() });
export const yearPaymentSchema = z.object({ amount: z.number(), paidOn: z.string().max(20), reference: z.string().max(200) });

export const incidentInputSchema = z.object({
  participantId: z.number().int().positive().optional(),
  nik: z.string().max(30).optional(),
  kpj: z.string().max(30).optional(),
  kind: z.string().max(40),
  occurredOn: z.string().max(20),
  place: z.string().max(400).optional(),
  description: z.string().max(4000).optional(),
  stmbMonths: z.number().int().optional(),
  disabilityPercent: z.number().int().optional(),
});

export const claimStepSchema = z.object({
  to: z.string().max(20),
  version: z.number().int().positive(),
  note: z.string().max(1000).optional(),
  paidAmount: z.number().optional(),
  paidOn: z.string().max(20).optional(),
  reference: z.string().max(200).optional(),
  reason: z.string().max(1000).optional(),
});

export const heirInputSchema = z.object({
  relation: z.string().max(40),
  fullName: z.string().max(400),
  nik: z.string().max(30).nullable().optional(),
  birthDate: z.string().max(20).nullable().optional(),
  bankName: z.string().max(200).optional(),
  bankAccount: z.string().max(40).optional(),
  schoolLevel: z.string().max(10).nullable().optional(),
  yearInLevel: z.number().int().nullable().optional(),
  schoolStartsYear: z.number().int().nullable().optional(),
});

export type IncidentViewT = z.infer<typeof incidentSchema>;
export type ClaimViewT = z.infer<typeof claimSchema>;

export const submissionSchema = viewOf<SubmissionView>()(
  z.object({
    id: z.number(),
    regencyCode: z.string(),
    documentNumber: z.string(),
    claimCount: z.number(),
    totalAmount: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
  }),
);

const layoutColumn = z.object({ header: z.string(), field: z.enum(Object.keys(CLAIM_FILE_FIELDS) as [ClaimFileField, ...ClaimFileField[]]) });
export const claimLayoutSchema = z.object({
  regencyCode: z.string(),
  layout: z.array(layoutColumn),
  fields: z.record(z.string(), z.string()),
  default: z.array(layoutColumn),
});

export const decisionResultSchema = viewOf<DecisionResult>()(
  z.object({
    paid: z.number(),
    rejected: z.number(),
    paidTotal: z.number(),
    differences: z.array(z.object({ claimId: z.number(), computed: z.number(), paid: z.number(), difference: z.number() })),
  }),
);

export const dueYearsSchema = z.object({ count: z.number(), items: z.array(scholarshipYearSchema.extend({ incidentId: z.number() })) });

const count = z.number();
export const claimsReportSchema = viewOf<ClaimsReport>()(
  z.object({
    asOf: z.string(),
    year: z.number().nullable(),
    scope: z.string().nullable(),
    totals: z.object({ beneficiaries: count, paidAmount: count, computedAmount: count, inProgress: count, overdue: count }),
    byBenefit: z.array(z.object({ benefit: z.enum(CLAIM_BENEFITS), beneficiaries: count, paidAmount: count, computedAmount: count })),
    byRegion: z.array(z.object({ code: z.string(), name: z.string(), beneficiaries: count, paidAmount: count })),
    byYear: z.array(z.object({ year: count, beneficiaries: count, paidAmount: count })),
    bySource: z.array(z.object({ source: z.string(), beneficiaries: count, paidAmount: count })),
    byStatus: z.array(z.object({ status: z.enum(CLAIM_STATUSES), claims: count, amount: count, overdue: count })),
    scholarship: z.object({ children: count, yearsPaid: count, paidAmount: count, scheduledAmount: count, childrenStopped: count }),
  }),
);

const suppressed = z.union([z.number(), z.string()]);
export const publicClaimsSchema = z.object({
  asOf: z.string(),
  minCount: z.number(),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      beneficiaries: suppressed,
      paidAmount: z.number().nullable(),
      jkm: suppressed,
      jkk: suppressed,
      scholarship: suppressed,
    }),
  ),
});

export type ScholarshipYearT = z.infer<typeof scholarshipYearSchema>;
export type SubmissionT = z.infer<typeof submissionSchema>;
export type DecisionResultT = z.infer<typeof decisionResultSchema>;
export type ClaimsReportT = z.infer<typeof claimsReportSchema>;
export type PublicClaimsT = z.infer<typeof publicClaimsSchema>;

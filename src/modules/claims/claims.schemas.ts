import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import { CLAIM_BENEFITS, CLAIM_STATUSES, HEIR_RELATIONS, INCIDENT_KINDS } from '../../domain/claims.js';
import type { ClaimView, IncidentView } from './claims.service.js';

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
    participant: z.object({ nik: z.string(), fullName: z.string() }),
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
    participant: z.object({ nik: z.string(), kpj: z.string().nullable(), fullName: z.string() }),
    claims: z.array(claimSchema),
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
    scholarship: z.object({ eligible: z.boolean(), reason: z.string(), legalBasis: z.string() }).nullable(),
  }),
);

export const incidentInputSchema = z.object({
  participantId: z.number().int().positive().optional(),
  nik: z.string().max(30).optional(),
  kind: z.string().max(40),
  occurredOn: z.string().max(20),
  place: z.string().max(400).optional(),
  description: z.string().max(4000).optional(),
  stmbMonths: z.number().int().optional(),
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

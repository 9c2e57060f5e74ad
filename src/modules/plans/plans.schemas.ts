import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import { CHECKS, type CheckName } from './candidates.repository.js';
import type { PlanCandidateView, PlanSummary, PlanView, previewPlan } from './plans.service.js';
import type { DoubleFundingRow } from './review.service.js';
import type { budgetNeeded, whatIf } from './what-if.service.js';
import type { PlanLosses, PlanLossView } from './losses.service.js';

/** Response schemas of the plan routes: the whitelist of what reaches a client. */
type Out<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

const checkName = z.enum(Object.keys(CHECKS) as [CheckName, ...CheckName[]]);
const byChecks = z.array(z.object({ checks: z.array(checkName), count: z.number() }));

export const planSummarySchema = viewOf<PlanSummary>()(
  z.object({
    engine: z.enum(['flow', 'milp', 'sponsorship']),
    millis: z.object({ candidates: z.number(), optimize: z.number(), save: z.number() }),
    groups: z.number(),
    levels: z.array(z.string()),
    objective: z.array(z.number()),
    candidates: z.number(),
    eligible: z.number(),
    funded: z.number(),
    outOfBudget: z.number(),
    ineligible: z.number(),
    ineligibleByChecks: byChecks,
    sources: z.array(
      z.object({
        sourceId: z.number(),
        name: z.string(),
        kind: z.string(),
        fundingType: z.string(),
        allocation: z.number(),
        committed: z.number(),
        available: z.number(),
        costPerWorker: z.object({ min: z.number(), max: z.number() }),
        admitted: z.number(),
        workers: z.number(),
        rupiah: z.number(),
        left: z.number(),
      }),
    ),
    totalRupiah: z.number(),
    legalBasis: z.array(z.string()),
  }),
);

export const planSchema = viewOf<PlanView>()(
  z.object({
    id: z.number(),
    programId: z.number(),
    programName: z.string(),
    regionCode: z.string(),
    fiscalYear: z.number(),
    monthFrom: z.string(),
    monthTo: z.string(),
    months: z.number(),
    name: z.string(),
    status: z.enum(['draft', 'submitted', 'approved', 'rejected']),
    createdBy: z.string(),
    createdAt: z.string(),
    submittedAt: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewNote: z.string(),
    version: z.number(),
    summary: planSummarySchema,
  }),
);

export const previewSchema = viewOf<Out<typeof previewPlan>>()(
  z.object({
    candidates: z.number(),
    eligibleAny: z.number(),
    ineligibleByChecks: byChecks,
    perSource: z.array(z.object({ sourceId: z.number(), admitted: z.number(), failing: z.record(checkName, z.number()) })),
    sources: z.array(z.object({ id: z.number(), name: z.string() })),
  }),
);

export const candidateSchema = viewOf<PlanCandidateView>()(
  z.object({
    workerId: z.number(),
    nik: z.string(),
    fullName: z.string(),
    villageCode: z.string(),
    sectorCode: z.string(),
    welfareDecile: z.number().nullable(),
    outcome: z.enum(['funded', 'out_of_budget', 'ineligible']),
    sourceId: z.number().nullable(),
    sourceName: z.string().nullable(),
    amount: z.number(),
    failedChecks: z.array(checkName),
  }),
);

const planRef = z.object({ id: z.number(), name: z.string(), status: z.string(), source: z.string(), monthFrom: z.string(), monthTo: z.string() });
export const doubleFundingSchema = viewOf<DoubleFundingRow>()(
  z.object({
    workerId: z.number(),
    nik: z.string(),
    fullName: z.string(),
    villageCode: z.string(),
    planA: planRef,
    planB: planRef,
    overlapMonths: z.number(),
    rupiahAtStake: z.number(),
  }),
);

export const scenarioOutcomeSchema = z.object({
  monthFrom: z.string(),
  monthTo: z.string(),
  months: z.number(),
  protectedWorkers: z.number(),
  totalRupiah: z.number(),
  eligible: z.number(),
  sources: z.array(z.object({ sourceId: z.number(), name: z.string(), available: z.number(), workers: z.number(), rupiah: z.number(), left: z.number() })),
});

const lossReason = z.enum(['budget', 'rule', 'not_candidate']);
export const lossesSchema = viewOf<PlanLosses & { items: PlanLossView[]; page: number }>()(
  z.object({
    protectedBefore: z.number(),
    kept: z.number(),
    total: z.number(),
    byReason: z.array(z.object({ reason: lossReason, checks: z.array(checkName), count: z.number() })),
    byEnd: z.array(z.object({ until: z.string(), count: z.number() })),
    page: z.number(),
    items: z.array(
      z.object({
        workerId: z.number(),
        participantId: z.number(),
        nik: z.string(),
        kpj: z.string().nullable(),
        fullName: z.string(),
        villageCode: z.string(),
        villageName: z.string().nullable(),
        sectorCode: z.string(),
        until: z.string(),
        reason: lossReason,
        checks: z.array(checkName),
      }),
    ),
  }),
);

const baselineSchema = z.object({ planId: z.number(), workers: z.number(), rupiah: z.number() }).nullable();

export const whatIfSchema = viewOf<Out<typeof whatIf>>()(
  z.object({ baseline: baselineSchema, base: scenarioOutcomeSchema, scenario: scenarioOutcomeSchema, extraWorkers: z.number(), extraRupiah: z.number() }),
);

export const budgetNeededSchema = viewOf<Out<typeof budgetNeeded>>()(
  z.object({
    baseline: baselineSchema,
    targetWorkers: z.number(),
    currentWorkers: z.number(),
    reachable: z.boolean(),
    maxWorkers: z.number(),
    extraRupiah: z.number().nullable(),
    curve: z.array(z.object({ extraRupiah: z.number(), workers: z.number() })),
  }),
);

/** The shapes the web app reads (it imports server code only from schemas files). */
export type Plan = z.infer<typeof planSchema>;
export type PlanSummaryView = z.infer<typeof planSummarySchema>;
export type PlanCandidate = z.infer<typeof candidateSchema>;
export type DoubleFunding = z.infer<typeof doubleFundingSchema>;
export type RulePreview = Omit<z.infer<typeof previewSchema>, 'sources'>;
export type ScenarioOutcome = z.infer<typeof scenarioOutcomeSchema>;
export type WhatIfView = z.infer<typeof whatIfSchema>;
export type LossesView = z.infer<typeof lossesSchema>;
export type BudgetNeededView = z.infer<typeof budgetNeededSchema>;

import type { BenefitRuleView } from './benefit-rules.service.js';
import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import { FUNDING_TYPES } from '../../domain/tariff.js';
import type { ReferenceListing } from './funding.repository.js';

/** Response schemas of the funding routes: the whitelist of what reaches a client. */
export const programSchema = z.object({
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  name: z.string(),
  description: z.string(),
  declaredIncome: z.number(),
  includeJht: z.boolean(),
  createdBy: z.string(),
});
export const sectorTier = z.object({ sectorCode: z.string().max(60), tier: z.number().int() });
export const sourceSchema = z.object({
  id: z.number(),
  programId: z.number(),
  name: z.string(),
  kind: z.string(),
  fundingType: z.enum(FUNDING_TYPES),
  domicileCode: z.string(),
  maxDecile: z.number().nullable(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  verifiedWithinMonths: z.number().nullable(),
  excludeWageEarners: z.boolean(),
  excludeFundedElsewhere: z.boolean(),
  sectors: z.array(sectorTier),
  version: z.number(),
  billingCycle: z.enum(['monthly', 'quarterly', 'yearly']),
});
export const budgetSchema = z.object({
  id: z.number(),
  sourceId: z.number(),
  fiscalYear: z.number(),
  seq: z.number(),
  stage: z.enum(['original', 'revision']),
  amount: z.number(),
  decidedOn: z.string().nullable(),
  reference: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const programDetail = programSchema.extend({ sources: z.array(sourceSchema), budgets: z.array(budgetSchema) });
const dated = { validFrom: z.string(), validTo: z.string().nullable(), legalBasis: z.string(), note: z.string() };
export const referenceSchema = viewOf<ReferenceListing>()(
  z.object({
    rates: z.array(z.object({ ...dated, id: z.number(), program: z.string(), rateBp: z.number().nullable(), amount: z.number().nullable() })),
    bands: z.array(z.object({ ...dated, id: z.number(), declaredIncome: z.number() })),
    discounts: z.array(
      z.object({
        ...dated,
        id: z.number(),
        name: z.string(),
        programs: z.array(z.string()),
        discountBp: z.number(),
        sectorCodes: z.array(z.string()).nullable(),
        excludedFundingTypes: z.array(z.string()),
      }),
    ),
    limits: z.array(z.object({ ...dated, key: z.string(), value: z.number() })),
  }),
);

export type ProgramView = z.infer<typeof programSchema>;
export type ProgramDetail = z.infer<typeof programDetail>;
export type SourceView = z.infer<typeof sourceSchema>;
export type BudgetView = z.infer<typeof budgetSchema>;

export const benefitRulesSchema = z.object({
  items: z.array(
    viewOf<BenefitRuleView>()(
      z.object({
        key: z.string(),
        program: z.enum(['JKK', 'JKM', 'BEASISWA']),
        unit: z.string(),
        value: z.number(),
        validFrom: z.string(),
        validTo: z.string().nullable(),
        legalBasis: z.string(),
        note: z.string(),
      }),
    ),
  ),
});
export type BenefitRuleT = z.infer<typeof benefitRulesSchema>['items'][number];

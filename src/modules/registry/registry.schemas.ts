import { z } from 'zod';
import { CHECKS, type CheckName } from '../plans/candidates.repository.js';
import { CHANGE_KINDS, type ChangeKind } from '../../domain/registry-changes.js';

const kind = z.enum(CHANGE_KINDS);
const checkName = z.enum(Object.keys(CHECKS) as [CheckName, ...CheckName[]]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const previewSchema = z.object({
  effectiveMonth: z.string(),
  kinds: z.record(kind, z.number().int()),
  impacts: z.array(
    z.object({
      planId: z.number().int(),
      planName: z.string(),
      sourceId: z.number().int(),
      sourceName: z.string(),
      effect: z.enum(['loses', 'gains']),
      funding: z.boolean(),
      fromMonth: z.string(),
      workers: z.number().int(),
      rupiah: z.number().int(),
    }),
  ),
  losing: z.object({ workers: z.number().int(), rupiah: z.number().int() }),
  plansNotJudged: z.array(z.number().int()),
  notCovered: z.object({ districts: z.number().int(), workers: z.number().int() }).optional(),
});

export const registryUpdateSchema = z.object({
  id: z.number().int(),
  status: z.enum(['created', 'running', 'previewed', 'completed', 'failed', 'cancelled', 'discarded']),
  fileName: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.object({ id: z.string(), en: z.string() }).nullable(),
  rows: z.object({ total: z.number().int(), invalid: z.number().int() }),
  preview: previewSchema.nullable(),
});

export const changeSchema = z.object({
  nik: z.string(),
  workerId: z.number().int().nullable(),
  fullName: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string().nullable(),
  kinds: z.array(kind),
  before: z.record(z.string(), scalar),
  after: z.record(z.string(), scalar),
  otherFields: z.array(z.string()),
});

export const impactSchema = z.object({
  importId: z.number().int(),
  workerId: z.number().int(),
  nik: z.string(),
  fullName: z.string(),
  villageCode: z.string(),
  kpj: z.string().nullable(),
  planId: z.number().int(),
  sourceId: z.number().int(),
  sourceName: z.string(),
  effect: z.enum(['loses', 'gains']),
  funding: z.boolean(),
  fromMonth: z.string(),
  paidUntil: z.string().nullable(),
  months: z.number().int(),
  rupiah: z.number().int(),
  checks: z.array(checkName),
  kinds: z.array(kind),
});

/** The shapes the web app reads. */
export type RegistryUpdateView = z.infer<typeof registryUpdateSchema>;
export type UpdatePreviewView = z.infer<typeof previewSchema>;
export type ChangeView = z.infer<typeof changeSchema>;
export type ImpactView = z.infer<typeof impactSchema>;
export type { ChangeKind };

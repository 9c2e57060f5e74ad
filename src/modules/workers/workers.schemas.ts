import { z } from 'zod';

/**
 * Request shapes for the worker registry. They check types only; the domain rules
 * (NIK, region, sector, dates) run in the service and answer in both languages.
 */
export const workerInputSchema = z.object({
  nik: z.string().max(40),
  fullName: z.string().max(400),
  birthDate: z.string().max(20),
  sex: z.string().max(20),
  address: z.string().max(500).nullish(),
  villageCode: z.string().max(20),
  sectorCode: z.string().max(60),
  occupation: z.string().max(200).nullish(),
  welfareDecile: z.number().nullish(),
  monthlyIncome: z.number().nullish(),
  phone: z.string().max(30).nullish(),
  isWageEarner: z.boolean().nullish(),
});

export const workerUpdateSchema = workerInputSchema.extend({ version: z.number().int().positive() });

export const workerSchema = z.object({
  id: z.number(),
  nik: z.string(),
  nikMasked: z.boolean(),
  nikNeedsVerification: z.boolean(),
  fullName: z.string(),
  birthDate: z.string(),
  sex: z.enum(['L', 'P']),
  address: z.string(),
  villageCode: z.string(),
  sectorCode: z.string(),
  occupation: z.string(),
  welfareDecile: z.number().nullable(),
  monthlyIncome: z.number().nullable(),
  phone: z.string().nullable(),
  isWageEarner: z.boolean(),
  isSynthetic: z.boolean(),
  sourceImportId: z.number().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const workerListItemSchema = workerSchema.extend({
  villageName: z.string().nullable(),
  districtName: z.string().nullable(),
  enrolment: z
    .object({
      participantId: z.number(),
      status: z.enum(['candidate', 'submitted', 'active', 'lapsed', 'ended']),
      kpj: z.string().nullable(),
      protectedUntil: z.string().nullable(),
    })
    .nullable(),
});

export const workerDetailSchema = workerListItemSchema.extend({
  periods: z.array(
    z.object({ kind: z.string(), monthFrom: z.string(), monthTo: z.string(), sourceName: z.string(), fundingType: z.string(), planId: z.number().nullable() }),
  ),
});

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const workerListQuery = z.object({
  region: z.string().max(20).optional(),
  sector: z.string().max(60).optional(),
  decile: z.coerce.number().int().min(1).max(10).optional(),
  decileMax: z.coerce.number().int().min(1).max(10).optional(),
  q: z.string().max(100).optional(),
  needsVerification: boolParam.optional(),
  status: z.enum(['none', 'candidate', 'submitted', 'active', 'lapsed', 'ended']).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
  sort: z.enum(['name', 'registered']).optional(),
  cursor: z.string().max(400).optional(),
});

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

/** The shapes the web app reads (it imports server code only from schemas files). */
export type WorkerView = z.infer<typeof workerSchema>;
export type WorkerListItemView = z.infer<typeof workerListItemSchema>;
export type WorkerDetailView = z.infer<typeof workerDetailSchema>;
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

import { z } from 'zod';
import { IMPORT_FIELDS } from '../../domain/import-mapping.js';

const counts = z.object({
  total: z.number(),
  invalid: z.number(),
  inserted: z.number(),
  /** Of the new workers, those whose NIK needs verification (district code not in the current list). */
  nikUnverified: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
});

export const mappingSchema = z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0));

export const importSchema = z.object({
  id: z.number(),
  status: z.enum(['created', 'running', 'previewed', 'completed', 'failed', 'cancelled', 'discarded']),
  fileName: z.string(),
  format: z.string(),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  mapping: mappingSchema,
  policy: z.enum(['insert_only', 'upsert', 'reject_conflicts', 'dtsen_update']),
  progress: z.object({ bytesDone: z.number(), fileBytes: z.number(), rowsRead: z.number(), percent: z.number(), rowsMerged: z.number() }),
  counts,
  message: z.object({ id: z.string(), en: z.string() }).nullable(),
  cancelRequested: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const startSchema = z.object({
  mapping: mappingSchema.optional(),
  policy: z.enum(['insert_only', 'upsert', 'reject_conflicts', 'dtsen_update']).optional(),
  sheet: z.string().max(200).nullish(),
  /** DTSEN update: the first month whose eligibility the update changes (default: next month). */
  effectiveMonth: z.string().max(7).optional(),
});

export const rowProblemSchema = z.object({
  rowNo: z.number(),
  cells: z.array(z.string()),
  problems: z.array(z.object({ field: z.string(), column: z.string(), value: z.string(), code: z.string(), id: z.string(), en: z.string() })),
});

/** The shapes the web app reads (it imports server code only from schemas files). */
export type ImportView = z.infer<typeof importSchema>;
export type RowProblemView = z.infer<typeof rowProblemSchema>;
export type ImportStatus = ImportView['status'];
export type ImportPolicy = ImportView['policy'];

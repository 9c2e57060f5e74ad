import { z } from 'zod';
import { problemSchema } from '../../http/schemas.js';

/**
 * What the jobs routes answer. A job's result and error hold ids, months, counts and messages —
 * never personal data (a job's payload names rows by id), so the result passes as JSON.
 */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

export const jobErrorSchema = z.object({
  code: z.string(),
  message: z.object({ id: z.string(), en: z.string() }),
  problems: z.array(problemSchema).optional(),
});

export const jobSchema = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  regionCode: z.string().nullable(),
  attempts: z.number(),
  maxAttempts: z.number(),
  runAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  result: z.json().nullable(),
  error: jobErrorSchema.nullable(),
});

export const scheduleSchema = z.object({
  name: z.string(),
  kind: z.string(),
  everySeconds: z.number(),
  atMinuteWib: z.number().nullable(),
  enabled: z.boolean(),
  nextRunAt: z.string(),
  lastJobId: z.number().nullable(),
  lastStatus: z.enum(JOB_STATUSES).nullable(),
  lastFinishedAt: z.string().nullable(),
});

export const jobListSchema = z.object({
  items: z.array(jobSchema),
  counts: z.object({ queued: z.number(), running: z.number(), done: z.number(), failed: z.number() }),
  schedules: z.array(scheduleSchema),
});

export const jobQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  kind: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export type JobView = z.infer<typeof jobSchema>;
export type JobError = z.infer<typeof jobErrorSchema>;
export type ScheduleView = z.infer<typeof scheduleSchema>;
export type JobList = z.infer<typeof jobListSchema>;

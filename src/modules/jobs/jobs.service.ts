import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { AppError, type ErrorCode } from '../../errors.js';
import * as repo from './jobs.repository.js';
import type { JobError, JobList, JobView } from './jobs.schemas.js';
import type { z } from 'zod';

/**
 * Work that runs in the background on PostgreSQL: imports, billing runs, and the scheduled jobs
 * (lapse detection, the coverage aggregate, housekeeping). Any Jaring instance takes a queued job;
 * a job holds ids and months only, never personal data.
 */
export type { JobView, JobError, ScheduleView } from './jobs.schemas.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const presentJob = (r: repo.JobRow): JobView => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  regionCode: r.region_code,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: iso(r.run_at)!,
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
  requestedBy: r.requested_by,
  createdAt: iso(r.created_at)!,
  result: (r.result ?? null) as z.core.util.JSONType | null,
  error: (r.error as JobError | null) ?? null,
});

export function errorOf(err: unknown): { error: JobError; retry: boolean } {
  if (err instanceof AppError) {
    // A refusal (bad input, no permission, a conflict) is the same on the next attempt.
    return { error: { code: err.code, message: { id: err.messageId, en: err.messageEn }, problems: err.problems }, retry: err.code === 'internal' };
  }
  const reason = (err as Error)?.message ?? String(err);
  return { error: { code: 'internal', message: { id: `Gagal: ${reason}`, en: `Failed: ${reason}` } }, retry: true };
}

/** The error a failed job stored, raised again where a caller waited for it. */
export function raiseJobError(e: JobError | null): never {
  if (e && e.code !== 'internal' && e.code !== 'interrupted') throw new AppError(e.code as ErrorCode, e.message, e.problems ?? []);
  throw new AppError('internal', e?.message);
}

export async function submitJob(db: Queryable, actor: Actor, job: Omit<repo.NewJob, 'requestedBy'>): Promise<JobView> {
  return presentJob(await repo.enqueue(db, { ...job, requestedBy: actor.username }));
}

/** The job waiting under `key` (the CLI runs it at once instead of waiting for a server). */
export async function queuedJob(db: Queryable, key: string): Promise<JobView | null> {
  const row = await repo.findQueued(db, key);
  return row ? presentJob(row) : null;
}

export async function getJob(db: Queryable, actor: Actor, id: number): Promise<JobView> {
  requirePermission(actor, 'jobs.read');
  const row = await repo.findJob(db, actor, id);
  if (!row) throw new AppError('not_found', { id: `Tugas #${id} tidak ditemukan`, en: `Job #${id} not found` });
  return presentJob(row);
}

export async function listJobs(db: Queryable, actor: Actor, q: { status?: repo.JobStatus; kind?: string; limit?: number } = {}): Promise<JobList> {
  requirePermission(actor, 'jobs.read');
  const items = (await repo.listJobs(db, actor, { ...q, limit: q.limit ?? 100 })).map(presentJob);
  const counts = await repo.countByStatus(db, actor);
  // The schedules are the whole installation's: shown to those who run it.
  const schedules =
    actor.scope === null
      ? (await repo.listSchedules(db)).map((s) => ({
          name: s.name,
          kind: s.kind,
          everySeconds: s.every_seconds,
          atMinuteWib: s.at_minute_wib,
          enabled: s.enabled,
          nextRunAt: iso(s.next_run_at)!,
          lastJobId: s.last_job_id,
          lastStatus: s.last_status,
          lastFinishedAt: iso(s.last_finished_at),
        }))
      : [];
  return { items, counts, schedules };
}

/** An administrator queues a failed job again, with fresh attempts. */
export async function retryJob(db: Queryable, actor: Actor, id: number): Promise<JobView> {
  requirePermission(actor, 'jobs.manage');
  if (!(await repo.findJob(db, actor, id))) throw new AppError('not_found', { id: `Tugas #${id} tidak ditemukan`, en: `Job #${id} not found` });
  if (!(await repo.requeue(db, id)))
    throw new AppError('conflict', { id: `Tugas #${id} tidak gagal; tidak perlu diulang`, en: `Job #${id} has not failed; nothing to retry` });
  return presentJob((await repo.findJob(db, actor, id))!);
}

/** Queues a schedule's job now instead of waiting for its time (any instance's runner takes it). */
export async function runScheduleNow(db: Queryable, actor: Actor, name: string): Promise<JobView> {
  requirePermission(actor, 'jobs.manage');
  return db.transaction(async (tx) => {
    const s = await repo.findSchedule(tx, name);
    if (!s) throw new AppError('not_found', { id: `Jadwal "${name}" tidak ada`, en: `Schedule "${name}" does not exist` });
    const job = await repo.enqueue(tx, { kind: s.kind, payload: s.payload, dedupeKey: `schedule:${s.name}`, requestedBy: actor.username });
    await repo.setScheduleJob(tx, s.name, job.id);
    return presentJob(job);
  });
}

/**
 * Whoever gets a queued job done for a caller that waits for it: the server's runner (which any
 * instance's may take first) or, in the CLI, this very process.
 */
export interface JobPerformer {
  /** The finished job, or null when it is still queued or running after `waitMs`; a failed job raises its error. */
  perform(id: number, waitMs: number, progress?: (view: unknown) => void): Promise<JobView | null>;
}

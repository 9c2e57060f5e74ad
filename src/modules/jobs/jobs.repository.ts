import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { scoped } from '../../access/access.js';
import { one, query, sql } from '../../db/sql.js';
import type { Row } from '../../db/tables.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export type JobRow = Omit<Row<'jobs'>, 'status' | 'payload'> & { status: JobStatus; payload: Record<string, unknown> };
export type ScheduleRow = Omit<Row<'job_schedules'>, 'payload'> & { payload: Record<string, unknown> };

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  dedupeKey?: string | null;
  regionCode?: string | null;
  maxAttempts?: number;
  requestedBy: string;
}

/** Queues a job; when one with the same key is still waiting, that one is the answer (no second copy). */
export async function enqueue(db: Queryable, j: NewJob): Promise<JobRow> {
  const inserted = await one<JobRow>(
    db,
    sql`INSERT INTO jobs (kind, payload, dedupe_key, region_code, max_attempts, requested_by)
        VALUES (${j.kind}, ${JSON.stringify(j.payload)}::jsonb, ${j.dedupeKey ?? null}, ${j.regionCode ?? null}, ${j.maxAttempts ?? 3}, ${j.requestedBy})
        ON CONFLICT (dedupe_key) WHERE status = 'queued' DO NOTHING
        RETURNING *`,
  );
  return inserted ?? (await findQueued(db, j.dedupeKey!))!;
}

/**
 * Takes the oldest due job for this instance (or the one named by `id`). `SKIP LOCKED` lets several
 * instances claim at once without waiting on each other or taking the same job twice.
 */
export async function claim(db: Queryable, worker: string, opts: { id?: number; kinds?: readonly string[] } = {}): Promise<JobRow | null> {
  const which = opts.id !== undefined ? sql`id = ${opts.id}` : sql`run_at <= now()${opts.kinds ? sql` AND kind = ANY(${opts.kinds})` : sql``}`;
  return one<JobRow>(
    db,
    sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${worker}, started_at = now(), heartbeat_at = now()
         WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND ${which} ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
  );
}

export async function heartbeat(db: Queryable, id: number, worker: string): Promise<void> {
  await query(db, sql`UPDATE jobs SET heartbeat_at = now() WHERE id = ${id} AND status = 'running' AND locked_by = ${worker}`);
}

export async function succeed(db: Queryable, id: number, worker: string, result: unknown): Promise<void> {
  await query(
    db,
    sql`UPDATE jobs SET status = 'done', result = ${JSON.stringify(result ?? null)}::jsonb, error = NULL, finished_at = now(), heartbeat_at = now()
         WHERE id = ${id} AND locked_by = ${worker} AND status = 'running'`,
  );
}

/** A failed attempt: queued again after a growing wait while attempts remain, otherwise failed for good. */
export async function failAttempt(db: Queryable, id: number, worker: string, error: unknown, retry: boolean): Promise<JobStatus | null> {
  const row = await one<{ status: JobStatus }>(
    db,
    sql`UPDATE jobs SET
          status = CASE WHEN ${retry} AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
          run_at = now() + make_interval(secs => 15 * power(2, attempts - 1)),
          finished_at = CASE WHEN ${retry} AND attempts < max_attempts THEN NULL ELSE now() END,
          error = ${JSON.stringify(error)}::jsonb, locked_by = NULL
         WHERE id = ${id} AND locked_by = ${worker} AND status = 'running'
        RETURNING status`,
  );
  return row?.status ?? null;
}

/**
 * Jobs whose instance stopped beating (killed, or the machine went away): queued again while
 * attempts remain, failed otherwise. Returns the ids that were failed for good.
 */
export async function recoverStale(db: Queryable, staleSeconds: number): Promise<{ requeued: number; failed: number }> {
  const rows = await query<{ status: JobStatus }>(
    db,
    sql`UPDATE jobs SET
          status = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,
          finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE now() END,
          run_at = now(), locked_by = NULL,
          error = jsonb_build_object('code', 'interrupted', 'message', jsonb_build_object(
            'id', 'Instans yang menjalankan tugas ini berhenti di tengah jalan',
            'en', 'The instance running this job stopped part-way'))
         WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => ${staleSeconds})
        RETURNING status`,
  );
  return { requeued: rows.filter((r) => r.status === 'queued').length, failed: rows.filter((r) => r.status === 'failed').length };
}

export async function findQueued(db: Queryable, key: string): Promise<JobRow | null> {
  return one<JobRow>(db, sql`SELECT * FROM jobs WHERE dedupe_key = ${key} AND status = 'queued'`);
}

export async function findJob(db: Queryable, actor: Actor | null, id: number): Promise<JobRow | null> {
  return one<JobRow>(db, sql`SELECT * FROM jobs WHERE id = ${id} AND ${jobsOf(actor)}`);
}

/** National actors see every job; a regional one sees the jobs placed in its region (never system jobs). */
const jobsOf = (actor: Actor | null) => (actor === null ? sql`TRUE` : scoped(actor, 'job'));

export async function listJobs(db: Queryable, actor: Actor, q: { status?: JobStatus; kind?: string; limit: number }): Promise<JobRow[]> {
  return query<JobRow>(
    db,
    sql`SELECT * FROM jobs WHERE ${jobsOf(actor)}
          AND (${q.status ?? null}::text IS NULL OR status = ${q.status ?? null})
          AND (${q.kind ?? null}::text IS NULL OR kind = ${q.kind ?? null})
        ORDER BY id DESC LIMIT ${q.limit}`,
  );
}

export async function countByStatus(db: Queryable, actor: Actor): Promise<Record<JobStatus, number>> {
  const rows = await query<{ status: JobStatus; n: number }>(db, sql`SELECT status, count(*) AS n FROM jobs WHERE ${jobsOf(actor)} GROUP BY status`);
  const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** A failed job queued again by an administrator, with fresh attempts. */
export async function requeue(db: Queryable, id: number): Promise<boolean> {
  const rows = await query(
    db,
    sql`UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), finished_at = NULL, locked_by = NULL WHERE id = ${id} AND status = 'failed' RETURNING id`,
  );
  return rows.length > 0;
}

/** Finished jobs older than `days` are deleted (they hold ids and counts, kept for the record a while). */
export async function prune(db: Queryable, days: number): Promise<number> {
  const rows = await query(
    db,
    sql`DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < now() - make_interval(days => ${days})
          AND id NOT IN (SELECT last_job_id FROM job_schedules WHERE last_job_id IS NOT NULL) RETURNING id`,
  );
  return rows.length;
}

/**
 * The schedules that are due, each moved to its next time in the same statement, so among several
 * instances exactly one enqueues each run.
 */
export async function takeDueSchedules(db: Queryable, next: (s: ScheduleRow) => Date): Promise<ScheduleRow[]> {
  const due = await query<ScheduleRow>(db, sql`SELECT * FROM job_schedules WHERE enabled AND next_run_at <= now() FOR UPDATE SKIP LOCKED`);
  for (const s of due) await query(db, sql`UPDATE job_schedules SET next_run_at = ${next(s)} WHERE name = ${s.name}`);
  return due;
}

export async function setScheduleJob(db: Queryable, name: string, jobId: number): Promise<void> {
  await query(db, sql`UPDATE job_schedules SET last_job_id = ${jobId} WHERE name = ${name}`);
}

export async function listSchedules(db: Queryable): Promise<(ScheduleRow & { last_status: JobStatus | null; last_finished_at: Date | null })[]> {
  return query(
    db,
    sql`SELECT s.*, j.status AS last_status, j.finished_at AS last_finished_at
          FROM job_schedules s LEFT JOIN jobs j ON j.id = s.last_job_id ORDER BY s.name`,
  );
}

export async function findSchedule(db: Queryable, name: string): Promise<ScheduleRow | null> {
  return one<ScheduleRow>(db, sql`SELECT * FROM job_schedules WHERE name = ${name}`);
}

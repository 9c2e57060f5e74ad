import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.js';
import { nextRun } from '../../domain/schedule.js';
import { AppError } from '../../errors.js';
import * as repo from './jobs.repository.js';
import { errorOf, presentJob, raiseJobError, type JobPerformer, type JobView } from './jobs.service.js';
import { HANDLERS, type JobContext } from './handlers.js';

export interface RunnerOptions {
  /** How often the queue and the schedules are looked at when nothing nudges the runner. */
  pollMs: number;
  /** Jobs run at once by this instance. */
  concurrency: number;
  /** Whether this instance enqueues the scheduled jobs (every instance may: a schedule is taken once). */
  schedules: boolean;
  /** A running job whose heartbeat is older than this belongs to an instance that stopped. */
  staleSeconds: number;
  /** Logs a failed attempt (ids and codes only). */
  onError?: (job: { id: number; kind: string }, err: unknown) => void;
}

/**
 * Takes queued jobs from the database and runs them. Several instances may run one each: jobs are
 * claimed with SKIP LOCKED, schedules are advanced in the statement that takes them, and a job of a
 * killed instance is queued again (or failed, once its attempts are spent) when its heartbeat stops.
 */
export class JobRunner implements JobPerformer {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<number, Promise<void>>();
  private ticking: Promise<void> | null = null;
  private again = false;
  private lastRecovery = 0;
  private stopped = false;

  constructor(
    private readonly ctx: JobContext,
    private readonly opts: RunnerOptions,
  ) {}

  private get db(): Db {
    return this.ctx.db;
  }

  /** On an embedded database this process is the only one: anything 'running' was cut off by the last stop. */
  async start(): Promise<void> {
    if (this.db.kind === 'pglite') await repo.recoverStale(this.db, 0);
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), this.opts.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Look at the queue now (a job was just queued by this instance). */
  nudge(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .then(() => undefined)
      .catch((err: unknown) => this.opts.onError?.({ id: 0, kind: 'runner' }, err))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** One turn: enqueue due schedules, recover stale jobs, claim as many jobs as there is room for. */
  async tick(): Promise<number> {
    if (this.opts.schedules) await this.enqueueDue();
    // Another instance's death is noticed within a quarter of the stale time, not looked for on every turn.
    if (this.db.kind === 'postgres' && Date.now() - this.lastRecovery >= (this.opts.staleSeconds * 1000) / 4) {
      this.lastRecovery = Date.now();
      await repo.recoverStale(this.db, this.opts.staleSeconds);
    }
    let claimed = 0;
    while (!this.stopped && this.inFlight.size < this.opts.concurrency) {
      const job = await repo.claim(this.db, this.id);
      if (!job) break;
      claimed++;
      const run = this.execute(job).finally(() => {
        this.inFlight.delete(job.id);
        this.nudge();
      });
      this.inFlight.set(job.id, run);
    }
    return claimed;
  }

  /** Runs until nothing is due and nothing is running (tests, and the CLI's `jobs run`). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.tick();
      if (this.inFlight.size === 0) {
        if (claimed === 0) return;
        continue; // what it claimed has already ended: look again
      }
      await Promise.race(this.inFlight.values());
    }
  }

  private async enqueueDue(): Promise<void> {
    await this.db.transaction(async (tx) => {
      const now = new Date();
      for (const s of await repo.takeDueSchedules(tx, (s) => nextRun(s, now))) {
        const job = await repo.enqueue(tx, { kind: s.kind, payload: s.payload, dedupeKey: `schedule:${s.name}`, requestedBy: 'system' });
        await repo.setScheduleJob(tx, s.name, job.id);
      }
    });
  }

  private async execute(job: repo.JobRow, progress?: (view: unknown) => void): Promise<void> {
    const beat = setInterval(() => void repo.heartbeat(this.db, job.id, this.id).catch(() => undefined), Math.max(1000, (this.opts.staleSeconds * 1000) / 4));
    beat.unref();
    try {
      const handler = HANDLERS[job.kind];
      if (!handler) throw new AppError('validation', { id: `Jenis tugas "${job.kind}" tidak dikenal`, en: `Unknown job kind "${job.kind}"` });
      const result = await handler(job.payload, { ...this.ctx, progress });
      await repo.succeed(this.db, job.id, this.id, result);
    } catch (err) {
      const { error, retry } = errorOf(err);
      this.opts.onError?.(job, err);
      await repo.failAttempt(this.db, job.id, this.id, error, retry).catch(() => undefined);
    } finally {
      clearInterval(beat);
    }
  }

  /** Runs one queued job in this process, now (the CLI, which has no runner loop). */
  async runHere(id: number, progress?: (view: unknown) => void): Promise<JobView> {
    const job = await repo.claim(this.db, this.id, { id });
    if (job) await this.execute(job, progress);
    return presentJob((await repo.findJob(this.db, null, id))!);
  }

  /**
   * Waits for a job to end and returns its result, or raises the error it ended with. Null when it
   * is still queued or running after `ms` (the caller answers with the job to follow instead).
   */
  async waitFor(id: number, ms: number): Promise<JobView | null> {
    const until = Date.now() + ms;
    for (;;) {
      const row = await repo.findJob(this.db, null, id);
      if (!row) throw new AppError('not_found');
      if (row.status === 'done') return presentJob(row);
      if (row.status === 'failed') raiseJobError(presentJob(row).error);
      if (Date.now() >= until) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** With the loop running (a server), lets it take the job; without (the CLI), runs it here and now. */
  async perform(id: number, waitMs: number, progress?: (view: unknown) => void): Promise<JobView | null> {
    if (this.timer === null) {
      const view = await this.runHere(id, progress);
      if (view.status === 'failed') raiseJobError(view.error);
      if (view.status === 'done') return view;
    } else this.nudge();
    return this.waitFor(id, waitMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    await Promise.allSettled(this.inFlight.values());
  }
}

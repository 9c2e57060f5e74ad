import type { Queryable } from '../../db/db.js';
import { SYSTEM_ACTOR } from '../../actor.js';
import { insertAudits } from '../audit/audit.repository.js';
import * as repo from './public.repository.js';

interface Pending {
  lookups: { participantId: number; at: Date }[];
  failures: { hash: string; at: Date }[];
  guessing: { hash: string; at: Date }[];
}

/**
 * The public status check's writes — the audit record of every answered lookup, the keyed hash of every
 * failed attempt, the audit record of a NIK being guessed — are buffered and written together every
 * quarter second in one transaction, not one durable commit per anonymous request. A crash can lose at
 * most that quarter second of records; everything else about the answer is a read.
 */
export class StatusLog {
  private pending: Pending = { lookups: [], failures: [], guessing: [] };
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Queryable,
    private readonly everyMs = 250,
  ) {}

  lookup(participantId: number): void {
    this.pending.lookups.push({ participantId, at: new Date() });
    this.schedule();
  }

  failure(hash: string): void {
    this.pending.failures.push({ hash, at: new Date() });
    this.schedule();
  }

  guessing(hash: string): void {
    this.pending.guessing.push({ hash, at: new Date() });
    this.schedule();
  }

  /** Failed attempts on this hash not written yet (they count towards the guessing threshold too). */
  pendingFailures(hash: string): number {
    return this.pending.failures.filter((f) => f.hash === hash).length;
  }

  /** Writes what is buffered (also called when the server stops). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = { lookups: [], failures: [], guessing: [] };
    if (batch.lookups.length + batch.failures.length + batch.guessing.length === 0) return this.writing;
    this.writing = this.writing.then(() =>
      this.db.transaction(async (tx) => {
        await repo.recordFailures(tx, batch.failures);
        await insertAudits(tx, SYSTEM_ACTOR, [
          ...batch.lookups.map((l) => ({
            at: l.at,
            action: 'public.status_check',
            entity: 'participant',
            entityId: String(l.participantId),
            regionCode: null,
          })),
          ...batch.guessing.map((g) => ({
            at: g.at,
            action: 'public.status_guessing',
            entity: 'public_status',
            entityId: g.hash.slice(0, 12),
            regionCode: null,
          })),
        ]);
      }),
    );
    return this.writing;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.everyMs);
    this.timer.unref();
  }
}

const logs = new WeakMap<object, StatusLog>();

/** The status log of one database (one per process and database). */
export function statusLogOf(db: Queryable): StatusLog {
  let log = logs.get(db);
  if (!log) logs.set(db, (log = new StatusLog(db)));
  return log;
}

/** Writes the buffered records of this database now (server stop, tests, CLI). */
export async function flushStatusLog(db: Queryable): Promise<void> {
  await logs.get(db)?.flush();
}

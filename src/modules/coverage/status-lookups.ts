import type { Queryable } from '../../db/db.js';
import * as repo from './public.repository.js';
import type { StatusRow } from './public.repository.js';

interface Waiter<V> {
  key: string;
  group: string;
  resolve: (value: V) => void;
  reject: (err: unknown) => void;
}

/**
 * Reads that arrive together answered by one query for all their keys (issue 15.5). Under load a round trip
 * to the database — a socket write and a wake-up of its backend, on a machine whose two cores the server
 * shares with it — cost more than the rest of a public status check together: one query per dozen checks
 * instead of one per check. A lone read still goes at once (the next turn of the event loop). At most
 * `inFlight` queries run at a time; reads arriving meanwhile wait for the next one, so batches grow with the
 * load instead of the queue for connections. Keys of one query share a group (the day of a status check).
 */
export class Coalesced<V> {
  private queue: Waiter<V>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly read: (keys: string[], group: string) => Promise<Map<string, V>>,
    private readonly missing: V,
    private readonly inFlight = 1,
    private readonly maxBatch = 200,
  ) {}

  get(key: string, group = ''): Promise<V> {
    return new Promise((resolve, reject) => {
      this.queue.push({ key, group, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running >= this.inFlight || this.queue.length === 0) return;
    const group = this.queue[0]!.group;
    const batch: Waiter<V>[] = [];
    const rest: Waiter<V>[] = [];
    for (const w of this.queue) (w.group === group && batch.length < this.maxBatch ? batch : rest).push(w);
    this.queue = rest;
    this.running++;
    this.schedule();
    try {
      const found = await this.read([...new Set(batch.map((w) => w.key))], group);
      for (const w of batch) w.resolve(found.has(w.key) ? found.get(w.key)! : this.missing);
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.running--;
      this.schedule();
    }
  }
}

export interface StatusLookups {
  /** The membership of the worker with this NIK as on `day` (YYYY-MM-DD), or null. */
  membership: Coalesced<StatusRow | null>;
  /** Failed checks recorded on a NIK's keyed hash in the last hour. */
  failures: Coalesced<number>;
}

const lookups = new WeakMap<object, StatusLookups>();

/** The status check's coalesced reads of one database (one per process and database). */
export function statusLookupsOf(db: Queryable): StatusLookups {
  const known = lookups.get(db);
  if (known) return known;
  const made: StatusLookups = {
    membership: new Coalesced<StatusRow | null>(async (niks, day) => new Map((await repo.statusByNiks(db, niks, day)).map((r) => [r.nik, r])), null),
    failures: new Coalesced<number>(async (hashes) => new Map((await repo.recentFailures(db, hashes)).map((r) => [r.nik_hash, r.n])), 0),
  };
  lookups.set(db, made);
  return made;
}

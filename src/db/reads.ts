import type { Db, Queryable } from './db.js';
import { PostgresDb } from './postgres.js';

/** Where a read that may lag a little was served from, and how far behind the primary it was. */
export interface Freshness {
  source: 'primary' | 'replica';
  /** Seconds the replica's data was behind the primary (0 when caught up or read from the primary). */
  lagSeconds: number;
}

export interface ReadChoice {
  db: Queryable;
  freshness: Freshness;
}

interface Probe {
  at: number;
  lagSeconds: number | null;
}

/**
 * Routes reads that may lag a little — dashboards, public pages, exports, reports — to a PostgreSQL
 * streaming replica (DATABASE_READ_URL), everything else stays on the primary. The replica is used only
 * while it is within `maxLagSeconds` of the primary and answering; otherwise reads go to the primary, so a
 * user never sees data older than that bound. The lag is probed at most once a second.
 */
export class ReadRouter {
  private probe: Probe | null = null;
  private pending: Promise<Probe> | null = null;

  constructor(
    readonly primary: Db,
    private readonly replica: Db | null,
    readonly maxLagSeconds: number,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  get hasReplica(): boolean {
    return this.replica !== null;
  }

  /** The database for one read; the caller shows `freshness` when the data may be behind. */
  async pick(): Promise<ReadChoice> {
    const onPrimary: ReadChoice = { db: this.primary, freshness: { source: 'primary', lagSeconds: 0 } };
    if (!this.replica) return onPrimary;
    const probe = await this.currentProbe();
    if (probe.lagSeconds === null || probe.lagSeconds > this.maxLagSeconds) return onPrimary;
    return { db: this.replica, freshness: { source: 'replica', lagSeconds: probe.lagSeconds } };
  }

  /** Forget the last probe (tests, and after the operator changes the replica). */
  reset(): void {
    this.probe = null;
  }

  async close(): Promise<void> {
    if (this.replica) await this.replica.close();
  }

  private async currentProbe(): Promise<Probe> {
    if (this.probe && Date.now() - this.probe.at < 1000) return this.probe;
    this.pending ??= this.measure().finally(() => (this.pending = null));
    this.probe = await this.pending;
    return this.probe;
  }

  /**
   * Caught up when the replica has replayed the primary's current WAL position; otherwise the lag is the
   * time since the replica last replayed a commit (an upper bound: conservative, it sends reads to the
   * primary sooner rather than later). An unreachable replica counts as unusable.
   */
  private async measure(): Promise<Probe> {
    const at = Date.now();
    try {
      const [p] = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const [r] = await this.replica!.query<{ in_recovery: boolean; caught_up: boolean | null; behind: number | null }>(
        `SELECT pg_is_in_recovery() AS in_recovery,
                pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up,
                extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS behind`,
        [p!.lsn],
      );
      if (!r!.in_recovery) {
        this.onProblem('DATABASE_READ_URL is not a replica in recovery: reads stay on the primary');
        return { at, lagSeconds: null };
      }
      if (r!.caught_up) return { at, lagSeconds: 0 };
      return { at, lagSeconds: r!.behind === null ? null : Math.max(0, Math.round(r!.behind * 10) / 10) };
    } catch (err) {
      this.onProblem(`read replica unavailable: ${(err as Error).message}`);
      return { at, lagSeconds: null };
    }
  }
}

/** The read router of a configuration: a replica only on a PostgreSQL server with DATABASE_READ_URL. */
export async function openReads(
  primary: Db,
  config: { databaseReadUrl: string | null; readMaxLagSeconds: number },
  onProblem?: (message: string) => void,
): Promise<ReadRouter> {
  const replica = config.databaseReadUrl ? await PostgresDb.open(config.databaseReadUrl) : null;
  return new ReadRouter(primary, replica, config.readMaxLagSeconds, onProblem);
}

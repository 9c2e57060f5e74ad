import type { Migration } from '../migrate.js';

/**
 * Background work on PostgreSQL itself (no other server to run): a queue of jobs that any Jaring
 * instance claims with `FOR UPDATE SKIP LOCKED`, and the schedules that enqueue the recurring ones.
 * A job holds ids and months, never personal data; its result and error are shown to administrators.
 */
export const migration: Migration = {
  id: '0011-jobs',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE jobs (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind          text NOT NULL,
        payload       jsonb NOT NULL DEFAULT '{}',
        -- Jobs with the same key are one job while it waits: a second request joins the first.
        dedupe_key    text,
        region_code   text COLLATE "C",
        status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts      int NOT NULL DEFAULT 0,
        max_attempts  int NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
        run_at        timestamptz NOT NULL DEFAULT now(),
        locked_by     text,
        heartbeat_at  timestamptz,
        started_at    timestamptz,
        finished_at   timestamptz,
        result        jsonb,
        error         jsonb,
        requested_by  text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX jobs_due ON jobs (run_at, id) WHERE status = 'queued';
      CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status = 'running';
      CREATE INDEX jobs_recent ON jobs (created_at DESC);
      CREATE UNIQUE INDEX jobs_waiting_key ON jobs (dedupe_key) WHERE status = 'queued';

      CREATE TABLE job_schedules (
        name          text PRIMARY KEY,
        kind          text NOT NULL,
        payload       jsonb NOT NULL DEFAULT '{}',
        every_seconds int NOT NULL CHECK (every_seconds >= 60),
        -- Daily schedules run at this minute of the day in WIB (Asia/Jakarta, UTC+7); NULL = every_seconds from the last run.
        at_minute_wib int CHECK (at_minute_wib BETWEEN 0 AND 1439),
        enabled       boolean NOT NULL DEFAULT true,
        next_run_at   timestamptz NOT NULL DEFAULT now(),
        last_job_id   bigint REFERENCES jobs (id) ON DELETE SET NULL
      );
      INSERT INTO job_schedules (name, kind, every_seconds, at_minute_wib) VALUES
        ('lapses.daily', 'lapses.refresh', 86400, 60),
        ('coverage.refresh', 'coverage.refresh', 300, NULL),
        ('housekeeping', 'housekeeping', 900, NULL),
        ('jobs.prune', 'jobs.prune', 86400, 120);
    `);
  },
};

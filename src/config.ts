import { resolve } from 'node:path';
import { AppError } from './errors.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  /** A streaming replica of DATABASE_URL for reads that may lag a little (dashboards, public pages, exports, reports). */
  databaseReadUrl: string | null;
  /** The most a replica may lag before those reads go back to the primary. */
  readMaxLagSeconds: number;
  dataDir: string;
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDRs); none by default, so rate limits key on the real peer. */
  trustedProxies: string[];
  /** Days the rejected rows of a finished import are kept for the report (then deleted). */
  rejectedRowsDays: number;
  /** Hours an uploaded file may wait for its import to start before it is deleted. */
  unstartedUploadHours: number;
  sessionHours: number;
  logLevel: string;
  /** Background jobs: how often an idle instance looks at the queue, and how many jobs it runs at once. */
  jobPollMs: number;
  jobConcurrency: number;
  /** Whether this instance enqueues the scheduled jobs (lapses, coverage aggregate, housekeeping). */
  jobSchedules: boolean;
  /** Outgoing mail: smtp://user:pass@host:port or smtps://…; null keeps every message in the outbox for an administrator to read. */
  smtpUrl: string | null;
  /** The sender of Jaring's messages. */
  mailFrom: string;
  /** The address people open Jaring at, for links in e-mail (verification, password reset, renewal). */
  publicUrl: string;
}

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError('validation', {
      id: `Konfigurasi ${name} harus bilangan bulat ${min}–${max}, ditemukan "${value}"`,
      en: `Setting ${name} must be an integer ${min}–${max}, found "${value}"`,
    });
  }
  return n;
}

function smtpUrl(raw: string | undefined): string | null {
  const v = raw?.trim();
  if (!v) return null;
  if (!/^smtps?:\/\/[^\s]+$/.test(v))
    throw new AppError('validation', { id: 'SMTP_URL harus diawali smtp:// atau smtps://', en: 'SMTP_URL must start with smtp:// or smtps://' });
  return v;
}

/** Read and check the environment once at start; a wrong setting stops the program with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new AppError('validation', {
      id: 'DATABASE_URL harus diawali postgres:// atau postgresql://',
      en: 'DATABASE_URL must start with postgres:// or postgresql://',
    });
  }
  const databaseReadUrl = env.DATABASE_READ_URL?.trim() || null;
  if (databaseReadUrl && (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseReadUrl))) {
    throw new AppError('validation', {
      id: 'DATABASE_READ_URL harus diawali postgres:// dan hanya berlaku bersama DATABASE_URL (replika server PostgreSQL)',
      en: 'DATABASE_READ_URL must start with postgres:// and needs DATABASE_URL (a replica of a PostgreSQL server)',
    });
  }
  return {
    port: int('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    databaseReadUrl,
    readMaxLagSeconds: int('JARING_READ_MAX_LAG_SECONDS', env.JARING_READ_MAX_LAG_SECONDS, 30, 0, 3600),
    dataDir: resolve(env.JARING_DATA_DIR?.trim() || './data'),
    // Secure cookies unless explicitly turned off or the server listens on plain-HTTP loopback only.
    secureCookies:
      env.JARING_SECURE_COOKIES === 'true' ||
      (env.JARING_SECURE_COOKIES !== 'false' && !['127.0.0.1', 'localhost', '::1'].includes(env.HOST?.trim() || '127.0.0.1')),
    trustedProxies: (env.JARING_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    rejectedRowsDays: int('JARING_REJECTED_ROWS_DAYS', env.JARING_REJECTED_ROWS_DAYS, 30, 1, 3650),
    unstartedUploadHours: int('JARING_UNSTARTED_UPLOAD_HOURS', env.JARING_UNSTARTED_UPLOAD_HOURS, 24, 1, 24 * 30),
    sessionHours: int('JARING_SESSION_HOURS', env.JARING_SESSION_HOURS, 12, 1, 24 * 30),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    jobPollMs: int('JARING_JOB_POLL_MS', env.JARING_JOB_POLL_MS, 2000, 50, 600_000),
    jobConcurrency: int('JARING_JOB_CONCURRENCY', env.JARING_JOB_CONCURRENCY, 2, 1, 16),
    jobSchedules: env.JARING_JOB_SCHEDULES?.trim() !== 'false',
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailFrom: env.JARING_MAIL_FROM?.trim() || 'Jaring <jaring@localhost>',
    publicUrl: (env.JARING_PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`).replace(/\/+$/, ''),
  };
}

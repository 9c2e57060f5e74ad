import type { Db } from '../../db/db.js';
import type { Config } from '../../config.js';
import type { Actor } from '../../actor.js';
import { runImportJob } from '../imports/imports.service.js';
import { runBilling } from '../billing/billing.service.js';
import { refreshAllLapses } from '../enrolment/participants.service.js';
import { refreshSubsidised } from '../coverage/coverage.service.js';
import { runHousekeeping } from '../housekeeping/housekeeping.service.js';
import { prune } from './jobs.repository.js';
import { runClaimsDaily } from '../claims/daily.service.js';
import { sendQueuedMail } from '../mail/mail.service.js';
import { runDonorsDaily } from '../donors/donor-space.service.js';
import { applyUpdateJob } from '../registry/registry.service.js';
import { runVerificationReminders } from '../verification/reminders.service.js';

export interface JobContext {
  db: Db;
  config: Pick<Config, 'rejectedRowsDays' | 'unstartedUploadHours' | 'smtpUrl' | 'mailFrom' | 'publicUrl'>;
  /** Progress for whoever runs the job in the foreground (the CLI prints it). */
  progress?: (view: unknown) => void;
}

type Handler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<unknown>;

/**
 * Every kind of background work and the use case that does it — the same service functions the
 * routes and the CLI call. Each is idempotent: running a job twice (a retry after a killed
 * instance) gives the same state as running it once.
 */
export const HANDLERS: Record<string, Handler> = {
  /** An import the operator started: stage and merge (the import's own state machine refuses a second run). */
  'import.run': (p, ctx) => runImportJob(ctx.db, Number(p.importId), ctx.progress),
  /** A previewed DTSEN update applied, all or nothing (refused when the registry moved on since the preview). */
  'registry.apply': (p, ctx) => applyUpdateJob(ctx.db, p),
  /** A billing run: each participant-month is billed once (the lines' primary key). */
  'billing.run': (p, ctx) => runBilling(ctx.db, p.actor as Actor, { programId: Number(p.programId), month: String(p.month) }),
  /** Daily: participants past the arrears limit become lapsed, in every program. */
  'lapses.refresh': (p, ctx) => refreshAllLapses(ctx.db, typeof p.asOf === 'string' ? p.asOf : undefined),
  /** The subsidised-participant aggregate behind the coverage dashboard, rebuilt from paid months. */
  'coverage.refresh': (_p, ctx) => refreshSubsidised(ctx.db, null),
  /** Retention of personal data (UU 27/2022). */
  housekeeping: (_p, ctx) => runHousekeeping(ctx.db, ctx.config),
  /** Daily: claims past their deadline expire, scholarship re-verification reminders, claim documents past retention. */
  'claims.daily': (p, ctx) => runClaimsDaily(ctx.db, typeof p.asOf === 'string' ? p.asOf : undefined),
  /** Every minute: queued e-mail sent over SMTP (kept in the outbox when none is configured). */
  'mail.send': (_p, ctx) => sendQueuedMail(ctx.db, ctx.config),
  /** Daily: donors reminded before their sponsorship ends (with the renewal link); used links purged. */
  'donors.daily': (p, ctx) => runDonorsDaily(ctx.db, ctx.config.publicUrl, typeof p.asOf === 'string' ? p.asOf : undefined),
  /** Daily: villages that have not started on an open verification round reminded by e-mail (at most every three days). */
  'verification.remind': (_p, ctx) => runVerificationReminders(ctx.db, ctx.config.publicUrl),
  /** Finished jobs kept 30 days. */
  'jobs.prune': async (_p, ctx) => ({ deleted: await prune(ctx.db, 30) }),
};

export const JOB_KINDS = Object.keys(HANDLERS);

import { pruneAttempts } from '../coverage/public.repository.js';
import { rmSync } from 'node:fs';
import type { Db } from '../../db/db.js';
import type { Config } from '../../config.js';
import { failStaleImports } from '../imports/imports.repository.js';
import { freeAbandonedPublication } from '../imports/merge.service.js';
import { purgeExpired } from '../auth/sessions.repository.js';
import * as repo from './housekeeping.repository.js';
import { purgeSent } from '../mail/mail.repository.js';
import { purgeExpiredPhotos } from '../verification/photos.service.js';

export interface HousekeepingResult {
  staleImports: number;
  filesDeleted: number;
  stagedRowsDeleted: number;
  sessionsDeleted: number;
  loginFailuresDeleted: number;
  /** Sent e-mail older than 30 days (addresses are personal data). */
  mailDeleted: number;
  /** Failed public status checks older than a day (keyed hashes of NIKs). */
  statusAttemptsDeleted: number;
  /** KK/KTP photos of verification rounds past their retention. */
  photosDeleted: number;
}

/**
 * Personal data kept no longer than its purpose (UU 27/2022): uploaded files of imports in any final
 * state (and of imports never started within the configured hours), scratch rows of ended imports,
 * rejected rows after the configured days, expired sessions and old login failures. Idempotent;
 * the server runs it at start and every 15 minutes.
 */
export async function runHousekeeping(db: Db, config: Pick<Config, 'rejectedRowsDays' | 'unstartedUploadHours'>): Promise<HousekeepingResult> {
  const stale = await failStaleImports(db, 120);
  await freeAbandonedPublication(db);
  let filesDeleted = 0;
  for (const f of await repo.expiredUploads(db, config.unstartedUploadHours)) {
    rmSync(f.file_path, { force: true });
    await repo.forgetUpload(db, f.id);
    filesDeleted++;
  }
  const stagedRowsDeleted = await repo.purgeStagedRows(db, config.rejectedRowsDays);
  const purged = await purgeExpired(db);
  const mailDeleted = await purgeSent(db, 30);
  const statusAttemptsDeleted = await pruneAttempts(db);
  const photosDeleted = await purgeExpiredPhotos(db);
  return {
    staleImports: stale.length,
    filesDeleted,
    stagedRowsDeleted,
    sessionsDeleted: purged.sessions,
    loginFailuresDeleted: purged.failures,
    mailDeleted,
    statusAttemptsDeleted,
    photosDeleted,
  };
}

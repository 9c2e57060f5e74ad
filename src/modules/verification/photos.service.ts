import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { personal } from '../../access/personal.js';
import { problem } from '../../domain/problem.js';
import { todayJakarta } from '../../domain/calendar.js';
import { sniffDocument } from '../../domain/claim-documents.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import * as repo from './verification.repository.js';
import * as photos from './photos.repository.js';

/**
 * The optional KK or KTP photo of a worker in a round (issue 16.1): JPEG, PNG or PDF recognised by its
 * bytes, at most 5 MB, one per worker and round. Read only by roles that see identifiers in full, every
 * read audit-logged; deleted `verification.photo_retention_months` after the round's sign-off.
 */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const notFound = (roundId: number) =>
  new AppError('not_found', {
    id: `Putaran verifikasi #${roundId} atau pekerjanya tidak ditemukan di wilayah Anda`,
    en: `Verification round #${roundId} or its worker not found in your region`,
  });

function workerIdOf(v: number | undefined): number {
  if (v === undefined || !Number.isInteger(v) || v <= 0)
    throw AppError.validation([problem('workerId', 'required', 'Pilih pekerja (workerId)', 'Choose the worker (workerId)')]);
  return v;
}

export async function uploadPhoto(
  db: Queryable,
  actor: Actor,
  roundId: number,
  q: { workerId?: number; kind?: string },
  file: { path: string },
): Promise<{ workerId: number; kind: 'KK' | 'KTP'; bytes: number }> {
  requirePermission(actor, 'workers.write');
  return db.transaction(async (tx) => {
    const round = await repo.findRound(tx, actor, roundId);
    if (!round) throw notFound(roundId);
    const workerId = workerIdOf(q.workerId);
    const kind = q.kind === 'KK' || q.kind === 'KTP' ? q.kind : null;
    if (kind === null) throw AppError.validation([problem('kind', 'invalid', 'Jenis foto harus KK atau KTP', 'The photo must be of a KK or a KTP')]);
    if (round.status !== 'open') throw new AppError('conflict', { id: 'Putaran ini sudah disahkan', en: 'This round is already signed off' });
    const item = await repo.findItem(tx, actor, roundId, workerId);
    if (!item) throw notFound(roundId);
    const size = statSync(file.path).size;
    if (size === 0) throw AppError.validation([problem('file', 'empty', 'Berkas kosong', 'The file is empty')]);
    if (size > MAX_PHOTO_BYTES) throw AppError.validation([problem('file', 'too_large', 'Foto lebih dari 5 MB', 'The photo is larger than 5 MB')]);
    const content = readFileSync(file.path);
    const contentType = sniffDocument(content.subarray(0, 8));
    if (!contentType)
      throw AppError.validation([
        problem('file', 'format', 'Foto harus JPEG, PNG atau PDF (isi berkas diperiksa)', 'The photo must be a JPEG, PNG or PDF (its content is checked)'),
      ]);
    await photos.savePhoto(tx, {
      roundId,
      workerId,
      kind,
      contentType,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
      by: actor.username,
    });
    await insertAudit(tx, actor, {
      action: 'verification.photo_upload',
      entity: 'worker',
      entityId: String(workerId),
      regionCode: item.village_code,
      after: { roundId, kind, bytes: size },
    });
    return { workerId, kind, bytes: size };
  });
}

/** The photo itself, for roles that see identifiers in full; the read is audit-logged. */
export async function photoOf(
  db: Queryable,
  actor: Actor,
  roundId: number,
  q: { workerId?: number },
): Promise<{ contentType: string; content: Buffer; kind: string }> {
  requirePermission(actor, 'workers.read');
  const round = await repo.findRound(db, actor, roundId);
  if (!round) throw notFound(roundId);
  const workerId = workerIdOf(q.workerId);
  if (!personal(actor).full) throw new AppError('forbidden', { id: 'Peran Anda tidak dapat melihat foto KK/KTP', en: 'Your role cannot see KK/KTP photos' });
  const item = (await repo.itemPage(db, actor, roundId, { workerId, page: 1, pageSize: 1 })).rows[0];
  const photo = item ? await photos.readPhoto(db, roundId, workerId) : null;
  if (!item || !photo) throw new AppError('not_found', { id: 'Foto tidak ada', en: 'No photo' });
  await insertAudit(db, actor, {
    action: 'verification.photo_read',
    entity: 'worker',
    entityId: String(workerId),
    regionCode: item.village_code,
    after: { roundId },
  });
  return { contentType: photo.content_type, content: Buffer.from(photo.content), kind: photo.kind };
}

/** Housekeeping: photos past their retention. */
export async function purgeExpiredPhotos(db: Queryable): Promise<number> {
  const months = await funding.referenceValue(db, 'verification.photo_retention_months', todayJakarta());
  return photos.purgePhotos(db, months);
}

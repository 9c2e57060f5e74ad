import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as repo from './documents.repository.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { problem } from '../../domain/problem.js';
import { todayJakarta } from '../../domain/calendar.js';
import { DOCUMENT_KINDS, sniffDocument, type DocumentKind } from '../../domain/claim-documents.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import * as funding from '../funding/funding.repository.js';
import { findIncident } from './claims.repository.js';
import { getIncident, notFound, type IncidentView } from './claims.service.js';

/**
 * The documents of an incident's claims: each kind on the checklist is received — uploaded (PDF, JPEG or
 * PNG, recognised by its bytes, ≤ 5 MB) or seen on paper — or missing. The uploaded content is personal
 * data: only roles that handle claims read it, every read is audit-logged, and it is deleted once the
 * claims have been closed for the retention months (reference value `claim.document_retention_months`).
 */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

function kindOf(kind: string): DocumentKind {
  if (!(kind in DOCUMENT_KINDS))
    throw AppError.validation([
      problem('kind', 'invalid', `Jenis dokumen harus salah satu: ${Object.keys(DOCUMENT_KINDS).join(', ')}`, `Unknown document kind "${kind}"`),
    ]);
  return kind as DocumentKind;
}

async function incidentFor(db: Queryable, actor: Actor, incidentId: number) {
  const i = await findIncident(db, actor, incidentId);
  if (!i) throw notFound('Kejadian/Incident', incidentId);
  return i;
}

/** Marks a document received; with a file (a path the route received), its content is kept. */
export async function receiveDocument(
  db: Queryable,
  actor: Actor,
  incidentId: number,
  kindName: string,
  file: { path: string; name: string } | null,
): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  return db.transaction(async (tx) => {
    const i = await incidentFor(tx, actor, incidentId);
    const kind = kindOf(kindName);
    let stored: { name: string; contentType: string; content: Buffer; sha256: string } | null = null;
    if (file) {
      const content = readFileSync(file.path);
      const contentType = sniffDocument(content.subarray(0, 8));
      if (!contentType)
        throw AppError.validation([
          problem('file', 'format', 'Berkas harus PDF, JPEG atau PNG (isi berkas diperiksa)', 'The file must be a PDF, JPEG or PNG (its content is checked)'),
        ]);
      if (content.length === 0) throw AppError.validation([problem('file', 'empty', 'Berkas kosong', 'The file is empty')]);
      // The name is shown back to people: keep printable characters only.
      const name = file.name.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120) || 'dokumen';
      stored = { name, contentType, content, sha256: createHash('sha256').update(content).digest('hex') };
    }
    await repo.upsertDocument(tx, { incidentId, regionCode: i.region_code, kind, on: todayJakarta(), by: actor.username, file: stored });
    await insertAudit(tx, actor, {
      action: 'claim.document_received',
      entity: 'incident',
      entityId: String(incidentId),
      regionCode: i.region_code,
      after: { kind, uploaded: stored !== null, sizeBytes: stored?.content.length ?? null, sha256: stored?.sha256 ?? null },
    });
    return getIncident(tx, actor, incidentId);
  });
}

/** Takes a document off the checklist (received by mistake); its content goes with it. */
export async function removeDocument(db: Queryable, actor: Actor, incidentId: number, kindName: string): Promise<IncidentView> {
  requirePermission(actor, 'claims.write');
  return db.transaction(async (tx) => {
    const i = await incidentFor(tx, actor, incidentId);
    const kind = kindOf(kindName);
    if ((await repo.deleteDocument(tx, incidentId, kind)).length === 0)
      throw new AppError('not_found', { id: 'Dokumen ini belum diterima', en: 'This document has not been received' });
    await insertAudit(tx, actor, {
      action: 'claim.document_removed',
      entity: 'incident',
      entityId: String(incidentId),
      regionCode: i.region_code,
      after: { kind },
    });
    return getIncident(tx, actor, incidentId);
  });
}

/** The uploaded content of a document, for the roles that handle claims; the read is audit-logged. */
export async function documentFile(
  db: Queryable,
  actor: Actor,
  incidentId: number,
  kindName: string,
): Promise<{ name: string; contentType: string; content: Buffer }> {
  requirePermission(actor, 'claims.write');
  return db.transaction(async (tx) => {
    const i = await incidentFor(tx, actor, incidentId);
    const f = kindName in DOCUMENT_KINDS ? await repo.documentContent(tx, incidentId, kindName) : null;
    if (!f) throw new AppError('not_found', { id: 'Berkas dokumen tidak ada (belum diunggah atau sudah dihapus)', en: 'No file (not uploaded, or deleted)' });
    await insertAudit(tx, actor, {
      action: 'claim.document_read',
      entity: 'incident',
      entityId: String(incidentId),
      regionCode: i.region_code,
      after: { kind: kindName },
    });
    return { name: f.file_name, contentType: f.content_type, content: f.content };
  });
}

/** Retention: deletes the content of documents whose claims all closed more than the retention months ago. */
export async function purgeClaimDocuments(db: Queryable, today: string): Promise<number> {
  const months = await funding.referenceValue(db, 'claim.document_retention_months', today);
  return repo.purgeDocumentContent(db, today, months);
}

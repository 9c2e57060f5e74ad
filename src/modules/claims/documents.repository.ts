import type { Queryable } from '../../db/db.js';
import { one, query, sql } from '../../db/sql.js';

export interface DocumentRow {
  kind: string;
  received_on: string;
  received_by: string;
  file_name: string | null;
  content_type: string | null;
  size_bytes: number | null;
  content_deleted_at: Date | null;
}

export function documentsOf(db: Queryable, incidentId: number): Promise<DocumentRow[]> {
  return query<DocumentRow>(
    db,
    sql`SELECT kind, received_on::text, received_by, file_name, content_type, size_bytes, content_deleted_at
          FROM claim_documents WHERE incident_id = ${incidentId} ORDER BY kind`,
  );
}

/** Records a document as received (uploaded, or seen on paper when `file` is null); a second upload replaces the first. */
export async function upsertDocument(
  db: Queryable,
  d: {
    incidentId: number;
    regionCode: string;
    kind: string;
    on: string;
    by: string;
    file: { name: string; contentType: string; content: Buffer; sha256: string } | null;
  },
): Promise<void> {
  const f = d.file;
  await query(
    db,
    sql`INSERT INTO claim_documents (incident_id, region_code, kind, received_on, received_by, file_name, content_type, size_bytes, sha256, content)
        VALUES (${d.incidentId}, ${d.regionCode}, ${d.kind}, ${d.on}::date, ${d.by}, ${f?.name ?? null}, ${f?.contentType ?? null},
                ${f?.content.length ?? null}, ${f?.sha256 ?? null}, ${f?.content ?? null})
        ON CONFLICT (incident_id, kind) DO UPDATE SET received_on = EXCLUDED.received_on, received_by = EXCLUDED.received_by,
          file_name = COALESCE(EXCLUDED.file_name, claim_documents.file_name), content_type = COALESCE(EXCLUDED.content_type, claim_documents.content_type),
          size_bytes = COALESCE(EXCLUDED.size_bytes, claim_documents.size_bytes), sha256 = COALESCE(EXCLUDED.sha256, claim_documents.sha256),
          content = COALESCE(EXCLUDED.content, claim_documents.content),
          content_deleted_at = CASE WHEN EXCLUDED.content IS NULL THEN claim_documents.content_deleted_at END`,
  );
}

export function deleteDocument(db: Queryable, incidentId: number, kind: string): Promise<{ kind: string }[]> {
  return query(db, sql`DELETE FROM claim_documents WHERE incident_id = ${incidentId} AND kind = ${kind} RETURNING kind`);
}

export async function documentContent(
  db: Queryable,
  incidentId: number,
  kind: string,
): Promise<{ file_name: string; content_type: string; content: Buffer } | null> {
  const r = await one<{ file_name: string; content_type: string; content: Uint8Array }>(
    db,
    sql`SELECT file_name, content_type, content FROM claim_documents WHERE incident_id = ${incidentId} AND kind = ${kind} AND content IS NOT NULL`,
  );
  // The drivers answer bytea as a Buffer (pg) or a Uint8Array (PGlite).
  return r ? { ...r, content: Buffer.from(r.content) } : null;
}

/**
 * Deletes the content of documents whose incident's claims all closed more than `months` ago (paid,
 * rejected or expired: the purpose has ended, UU 27/2022); the checklist row stays to show it was
 * received. Set-based; answers how many files were deleted.
 */
export async function purgeDocumentContent(db: Queryable, today: string, months: number): Promise<number> {
  const rows = await query(
    db,
    sql`UPDATE claim_documents d SET content = NULL, content_deleted_at = now()
         WHERE d.content IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.incident_id = d.incident_id
                            AND (c.closed_on IS NULL OR c.closed_on > (${today}::date - make_interval(months => ${months}))::date))
           AND EXISTS (SELECT 1 FROM claims c WHERE c.incident_id = d.incident_id)
         RETURNING d.id`,
  );
  return rows.length;
}

import type { Queryable } from '../../db/db.js';

/** The KK/KTP photo of a round's worker (`verification_photos`, owned by the verification module). */
export async function savePhoto(
  db: Queryable,
  p: { roundId: number; workerId: number; kind: 'KK' | 'KTP'; contentType: string; content: Buffer; sha256: string; by: string },
): Promise<void> {
  await db.query(
    `INSERT INTO verification_photos (round_id, worker_id, kind, content_type, content, bytes, sha256, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (round_id, worker_id) DO UPDATE SET kind = EXCLUDED.kind, content_type = EXCLUDED.content_type, content = EXCLUDED.content,
            bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now()`,
    [p.roundId, p.workerId, p.kind, p.contentType, p.content, p.content.length, p.sha256, p.by],
  );
}

export async function readPhoto(db: Queryable, roundId: number, workerId: number): Promise<{ kind: string; content_type: string; content: Uint8Array } | null> {
  const [r] = await db.query<{ kind: string; content_type: string; content: Uint8Array }>(
    `SELECT kind, content_type, content FROM verification_photos WHERE round_id = $1 AND worker_id = $2`,
    [roundId, workerId],
  );
  return r ?? null;
}

/** Which of these workers of a round have a photo, and of what. */
export async function photoKinds(db: Queryable, roundId: number, workerIds: number[]): Promise<Map<number, string>> {
  const rows = await db.query<{ worker_id: number; kind: string }>(
    `SELECT worker_id, kind FROM verification_photos WHERE round_id = $1 AND worker_id = ANY($2::bigint[])`,
    [roundId, workerIds],
  );
  return new Map(rows.map((r) => [Number(r.worker_id), r.kind]));
}

/** Photos of rounds signed off more than `months` ago: deleted (retention). */
export async function purgePhotos(db: Queryable, months: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM verification_photos p USING verification_rounds r
      WHERE r.id = p.round_id AND r.status = 'signed_off' AND r.signed_off_at < now() - make_interval(months => $1) RETURNING 1`,
    [months],
  );
  return rows.length;
}

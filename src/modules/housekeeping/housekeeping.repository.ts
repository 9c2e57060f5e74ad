import type { Queryable } from '../../db/db.js';

/** Uploaded files (owned by Jaring) of imports that ended, or that waited too long to start: marked cancelled. */
export async function expiredUploads(db: Queryable, unstartedHours: number): Promise<{ id: number; file_path: string }[]> {
  await db.query(
    `UPDATE imports SET status = 'cancelled', finished_at = now(),
            message_id = 'Dibatalkan otomatis: tidak dimulai dalam batas waktu; berkas dihapus',
            message_en = 'Cancelled automatically: not started in time; the file was deleted'
      WHERE status = 'created' AND created_at < now() - make_interval(hours => $1)`,
    [unstartedHours],
  );
  return db.query(`SELECT id, file_path FROM imports WHERE file_owned AND file_path <> '' AND status IN ('completed', 'failed', 'cancelled')`);
}

export async function forgetUpload(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE imports SET file_path = '' WHERE id = $1`, [id]);
}

/** Scratch rows of ended imports (left by a crash or a kill), and rejected rows kept past `days`. */
export async function purgeStagedRows(db: Queryable, days: number): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `WITH scratch AS (
       DELETE FROM import_rows r USING imports i WHERE i.id = r.import_id AND i.status IN ('completed', 'failed', 'cancelled', 'discarded') RETURNING 1),
     rejected AS (
       DELETE FROM import_rejected_rows r USING imports i
        WHERE i.id = r.import_id AND i.finished_at < now() - make_interval(days => $1) RETURNING 1)
     SELECT ((SELECT count(*) FROM scratch) + (SELECT count(*) FROM rejected))::int AS n`,
    [days],
  );
  return r!.n;
}

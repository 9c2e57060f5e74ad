import type { Migration } from '../migrate.js';

/**
 * The optional photo of the KK or KTP a village operator takes while verifying a worker (issue 16.1): personal
 * data kept with the round's item, read only by roles that see identifiers in full (every read audit-logged)
 * and deleted a fixed time after the round is signed off (reference value
 * `verification.photo_retention_months`, UU 27/2022: kept no longer than its purpose).
 */
export const migration: Migration = {
  id: '0030-verification-photos',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE verification_photos (
        round_id      bigint NOT NULL,
        worker_id     bigint NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('KK', 'KTP')),
        content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        content       bytea NOT NULL,
        bytes         int NOT NULL CHECK (bytes > 0),
        sha256        text NOT NULL,
        uploaded_by   text NOT NULL,
        uploaded_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (round_id, worker_id),
        FOREIGN KEY (round_id, worker_id) REFERENCES verification_items (round_id, worker_id) ON DELETE CASCADE ON UPDATE CASCADE
      );
      INSERT INTO reference_values (key, value, valid_from, valid_to, legal_basis, note) VALUES
        ('verification.photo_retention_months', 12, '2022-10-17', NULL, 'UU 27/2022 Pasal 43 (dihapus bila tujuan tercapai); jangka pilihan Jaring, dapat diubah daerah',
         'Foto KK/KTP verifikasi lapangan dihapus sekian bulan setelah putaran disahkan');
    `);
  },
};

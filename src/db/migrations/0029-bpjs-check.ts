import type { Migration } from '../migrate.js';

/**
 * The BPJS check in a verification round (issue 16.2): the branch is sent the round's NIKs and answers
 * whether each is already a participant — wage-earner (PU) or not (BPU) — with the KPJ and whether it is
 * active. The answer stays with the round's items until the checker signs the round off; then the
 * registry learns it: `workers.bpjs_elsewhere` ('PU', or 'BPU' when protected outside Jaring's own
 * participants) and `bpjs_checked_on`. A worker already protected elsewhere counts as funded elsewhere
 * and a PU participant as a wage earner, so no source pays for them twice (DOMAIN §2.1).
 */
export const migration: Migration = {
  id: '0029-bpjs-check',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE verification_items
        ADD COLUMN bpjs_segment text CHECK (bpjs_segment IN ('PU', 'BPU', 'NONE')),
        ADD COLUMN bpjs_kpj text CHECK (bpjs_kpj ~ '^[0-9]{11}$'),
        ADD COLUMN bpjs_active boolean,
        ADD COLUMN bpjs_ours boolean,
        ADD COLUMN bpjs_answered_at timestamptz;
      ALTER TABLE verification_rounds ADD COLUMN bpjs_sent_at timestamptz, ADD COLUMN bpjs_answered_at timestamptz;
      ALTER TABLE workers
        ADD COLUMN bpjs_elsewhere text CHECK (bpjs_elsewhere IN ('PU', 'BPU')),
        ADD COLUMN bpjs_checked_on date;
    `);
  },
};

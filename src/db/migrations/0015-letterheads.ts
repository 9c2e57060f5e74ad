import type { Migration } from '../migrate.js';

/**
 * Official documents (issue 12.13): each office's letterhead (kop surat), signatory and numbering,
 * and the register of numbers issued, so a document printed twice keeps its number.
 */
export const migration: Migration = {
  id: '0015-letterheads',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE letterheads (
        region_code        text COLLATE "C" PRIMARY KEY,
        government         text NOT NULL CHECK (length(government) BETWEEN 1 AND 120),
        office             text NOT NULL CHECK (length(office) BETWEEN 1 AND 120),
        address            text NOT NULL DEFAULT '' CHECK (length(address) <= 200),
        contact            text NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
        place              text NOT NULL CHECK (length(place) BETWEEN 1 AND 60),
        signatory_name     text NOT NULL DEFAULT '' CHECK (length(signatory_name) <= 120),
        signatory_position text NOT NULL DEFAULT '' CHECK (length(signatory_position) <= 160),
        signatory_rank     text NOT NULL DEFAULT '' CHECK (length(signatory_rank) <= 120),
        signatory_nip      text NOT NULL DEFAULT '' CHECK (signatory_nip = '' OR signatory_nip ~ '^[0-9]{18}$'),
        classification     text NOT NULL DEFAULT '' CHECK (length(classification) <= 30),
        unit_code          text NOT NULL DEFAULT '' CHECK (length(unit_code) <= 40),
        logo               bytea CHECK (logo IS NULL OR length(logo) <= 262144),
        logo_type          text CHECK (logo_type IN ('image/png', 'image/jpeg')),
        updated_by         text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE document_numbers (
        region_code text COLLATE "C" NOT NULL,
        year        int NOT NULL,
        seq         int NOT NULL,
        document    text NOT NULL,
        number      text NOT NULL,
        issued_by   text NOT NULL,
        issued_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, year, seq),
        UNIQUE (region_code, document)
      );
    `);
  },
};

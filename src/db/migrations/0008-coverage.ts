import type { Migration } from '../migrate.js';

/**
 * Coverage monitoring (Universal Coverage Jamsostek, DOMAIN §5): per region and date the potential
 * participants (denominator) and active BPJS participants by segment (numerator), each with its source
 * and date — never just a percentage; a published percentage is kept only to check it. Targets per
 * region, year and indicator with their source. Jaring's own subsidised participants are kept as an
 * aggregate per region (every level) and month, so dashboards never scan the registry. Boundaries
 * that a deployment imports itself (GeoJSON) turn the schematic map into a choropleth.
 */
export const migration: Migration = {
  id: '0008-coverage',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE coverage_inputs (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region_code         text COLLATE "C" NOT NULL REFERENCES regions (code),
        as_of               date NOT NULL,
        potential           bigint NOT NULL CHECK (potential > 0),
        potential_source    text NOT NULL CHECK (potential_source <> ''),
        potential_date      date,
        active_pu           bigint CHECK (active_pu >= 0),
        active_bpu          bigint CHECK (active_bpu >= 0),
        active_jakon        bigint CHECK (active_jakon >= 0),
        active_pmi          bigint CHECK (active_pmi >= 0),
        active_total        bigint NOT NULL CHECK (active_total >= 0),
        participants_source text NOT NULL CHECK (participants_source <> ''),
        participants_date   date,
        reported_pct        numeric(6, 2),
        created_by          text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        UNIQUE (region_code, as_of)
      );
      CREATE INDEX coverage_inputs_date_idx ON coverage_inputs (as_of, region_code);

      CREATE TABLE coverage_targets (
        region_code text COLLATE "C" NOT NULL REFERENCES regions (code),
        year        int NOT NULL CHECK (year BETWEEN 2014 AND 2100),
        indicator   text NOT NULL CHECK (indicator IN ('coverage_pct')),
        value       numeric(6, 2) NOT NULL CHECK (value > 0 AND value <= 100),
        source      text NOT NULL CHECK (source <> ''),
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, year, indicator)
      );

      -- Jaring's subsidised participants per region (village, district, regency, province) and month:
      -- participants with a paid month, by the source type that paid and the worker's sector. Rebuilt set-based.
      CREATE TABLE coverage_subsidised (
        region_code  text COLLATE "C" NOT NULL,
        month        date NOT NULL,
        funding_type text NOT NULL,
        sector_code  text NOT NULL,
        participants int NOT NULL,
        rupiah       bigint NOT NULL,
        PRIMARY KEY (region_code, month, funding_type, sector_code)
      );
      CREATE TABLE coverage_refreshes (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        rows        int NOT NULL,
        millis      int NOT NULL
      );

      -- Official boundaries a deployment loads itself (no redistributable boundary data ships).
      CREATE TABLE region_boundaries (
        region_code text COLLATE "C" PRIMARY KEY REFERENCES regions (code),
        geometry    jsonb NOT NULL,
        source      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      );

      -- Public status checks: failed attempts per hashed NIK, so a birth date cannot be guessed.
      CREATE TABLE public_status_attempts (
        nik_hash text NOT NULL,
        at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX public_status_attempts_idx ON public_status_attempts (nik_hash, at);

      INSERT INTO reference_values (key, value, valid_from, legal_basis, note) VALUES
        ('public.min_count', 10, '2024-01-01', 'UU 27/2022 (Pelindungan Data Pribadi): data agregat tanpa identifikasi', 'Jumlah kurang dari ini ditampilkan "<10" di halaman publik');
    `);
  },
};

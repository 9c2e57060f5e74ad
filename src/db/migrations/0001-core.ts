import type { Migration } from '../migrate.js';

/** Reference tables, regions, users and sessions, the worker registry and the audit log. */
export const migration: Migration = {
  id: '0001-core',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE reference_versions (
        name        text PRIMARY KEY,
        version     text NOT NULL,
        legal_basis text NOT NULL,
        loaded_at   timestamptz NOT NULL DEFAULT now()
      );

      -- Kemendagri regions, code PP.KK.CC.DDDD. Collation "C" makes prefix LIKE use the btree index.
      CREATE TABLE regions (
        code        text COLLATE "C" PRIMARY KEY,
        level       text NOT NULL CHECK (level IN ('province', 'regency', 'district', 'village')),
        parent_code text COLLATE "C" REFERENCES regions (code),
        name        text NOT NULL
      );
      CREATE INDEX regions_parent_idx ON regions (parent_code);
      CREATE INDEX regions_level_idx ON regions (level);

      CREATE TABLE sectors (
        code     text PRIMARY KEY,
        name_id  text NOT NULL,
        name_en  text NOT NULL,
        examples text NOT NULL DEFAULT '',
        sort     int  NOT NULL
      );

      CREATE TABLE users (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,40}$'),
        full_name     text NOT NULL,
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('super_admin', 'province_admin', 'regency_operator',
                                                    'village_operator', 'bpjs_officer', 'auditor')),
        region_code   text COLLATE "C" REFERENCES regions (code),
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now()
      );

      -- Sessions live in the database so any instance behind a load balancer can serve any request.
      CREATE TABLE sessions (
        token_hash  text PRIMARY KEY,
        user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      );
      CREATE INDEX sessions_user_idx ON sessions (user_id);

      CREATE TABLE login_failures (
        username text NOT NULL,
        at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_failures_idx ON login_failures (username, at);

      CREATE TABLE workers (
        id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        nik                    text COLLATE "C" NOT NULL UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
        nik_needs_verification boolean NOT NULL DEFAULT false,
        full_name              text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        birth_date             date NOT NULL,
        sex                    text NOT NULL CHECK (sex IN ('L', 'P')),
        address                text NOT NULL DEFAULT '',
        village_code           text COLLATE "C" NOT NULL REFERENCES regions (code),
        sector_code            text NOT NULL REFERENCES sectors (code),
        occupation             text NOT NULL DEFAULT '',
        welfare_decile         smallint CHECK (welfare_decile BETWEEN 1 AND 10),
        monthly_income         bigint CHECK (monthly_income >= 0),
        phone                  text,
        is_wage_earner         boolean NOT NULL DEFAULT false,
        is_synthetic           boolean NOT NULL DEFAULT false,
        version                int NOT NULL DEFAULT 1,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX workers_village_idx ON workers (village_code, id);
      CREATE INDEX workers_sector_idx ON workers (sector_code);
      CREATE INDEX workers_name_idx ON workers (lower(full_name) text_pattern_ops);

      -- Who changed what and when. region_code scopes who may read an entry.
      CREATE TABLE audit_log (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at             timestamptz NOT NULL DEFAULT now(),
        actor_id       bigint REFERENCES users (id),
        actor_username text NOT NULL,
        action         text NOT NULL,
        entity         text NOT NULL,
        entity_id      text,
        region_code    text COLLATE "C",
        before         jsonb,
        after          jsonb
      );
      CREATE INDEX audit_entity_idx ON audit_log (entity, entity_id, id);
      CREATE INDEX audit_region_idx ON audit_log (region_code);

      INSERT INTO sectors (code, name_id, name_en, examples, sort) VALUES
        ('tobacco_farm_labourer',     'Buruh tani tembakau',                 'Tobacco farm labourer',          'buruh tani tembakau', 1),
        ('cigarette_factory_worker',  'Buruh pabrik rokok',                  'Cigarette factory worker',       'buruh linting, SKT', 2),
        ('religious_social_worker',   'Pekerja sosial keagamaan',            'Religious social worker',        'guru ngaji, marbot, modin', 3),
        ('food_farmer',               'Petani pangan dan hortikultura',      'Food and horticulture farmer',   'petani padi, sayur', 4),
        ('village_vulnerable_worker', 'Pekerja rentan desa',                 'Village vulnerable worker',      'buruh serabutan, pemulung', 5),
        ('village_apparatus',         'Perangkat desa',                      'Village apparatus',              'kepala dusun, RT/RW', 6),
        ('fisher',                    'Nelayan',                             'Fisher',                         'nelayan, buruh nelayan', 7),
        ('itinerant_trader',          'Pedagang keliling (mlijo)',           'Itinerant trader (mlijo)',       'mlijo, pedagang asongan', 8),
        ('domestic_worker',           'Pekerja rumah tangga',                'Domestic worker',                'PRT, pengasuh', 9),
        ('driver_ojek',               'Pengemudi / ojek',                    'Driver / ojek',                  'ojek, becak, angkot', 10),
        ('palm_oil_worker',           'Pekerja kebun sawit',                 'Palm-oil worker',                'buruh panen sawit', 11),
        ('other',                     'Lainnya',                             'Other',                          '', 12);
    `);
  },
};

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Migration } from '../migrate.js';

const require = createRequire(import.meta.url);

/** Where idn-area-data keeps its CSV files (its package.json `main` is lib/index.js). */
export function idnAreaDataDir(): string {
  return join(dirname(require.resolve('idn-area-data')), '..', 'data');
}

export function idnAreaDataVersion(): string {
  const pkg = JSON.parse(readFileSync(join(idnAreaDataDir(), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * All provinces, regencies, districts and villages from the idn-area-data package (ODbL), loaded by
 * COPY into staging tables and merged with one INSERT … SELECT per level — never typed by hand.
 */
export const migration: Migration = {
  id: '0002-regions',
  async up(tx) {
    const dir = idnAreaDataDir();
    await tx.exec(`CREATE TEMP TABLE stg_region (code text, parent_code text, name text) ON COMMIT DROP`);
    const levels = [
      ['province', 'provinces.csv', '(code, name)'],
      ['regency', 'regencies.csv', '(code, parent_code, name)'],
      ['district', 'districts.csv', '(code, parent_code, name)'],
      ['village', 'villages.csv', '(code, parent_code, name)'],
    ] as const;
    for (const [level, file, columns] of levels) {
      await tx.exec('TRUNCATE stg_region');
      await tx.copyFrom(`COPY stg_region ${columns} FROM STDIN WITH (FORMAT csv, HEADER true)`, readFileSync(join(dir, file), 'utf8'));
      await tx.query(`INSERT INTO regions (code, level, parent_code, name) SELECT code, $1, parent_code, name FROM stg_region`, [level]);
    }
    await tx.query(`INSERT INTO reference_versions (name, version, legal_basis) VALUES ('regions', $1, $2)`, [
      `idn-area-data@${idnAreaDataVersion()}`,
      'Kode dan data wilayah administrasi pemerintahan (Kepmendagri), via idn-area-data, ODbL',
    ]);
  },
};

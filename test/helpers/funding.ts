import type { Queryable } from '../../src/db/db.js';

let nextNik = 1;

/** Many synthetic workers in one statement (set-based, like the importer), for plan tests. */
export async function insertWorkers(
  db: Queryable,
  o: { count: number; villageCode: string; sector?: string; decile?: number | null; birthDate?: string; wageEarner?: boolean },
): Promise<void> {
  const first = nextNik;
  nextNik += o.count;
  await db.query(
    `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, is_wage_earner, is_synthetic)
     SELECT '99' || lpad((($1::bigint + i) % 100000000000000)::text, 14, '0'), 'Pekerja ' || ($1::bigint + i), $2::date, 'L', $3, $4, $5, $6, true
       FROM generate_series(0, $7::int - 1) AS i`,
    [
      first + process.pid * 100000,
      o.birthDate ?? '1985-01-01',
      o.villageCode,
      o.sector ?? 'food_farmer',
      o.decile === undefined ? 1 : o.decile,
      o.wageEarner ?? false,
      o.count,
    ],
  );
}

export async function villageIn(db: Queryable, prefix: string, n = 0): Promise<string> {
  const rows = await db.query<{ code: string }>(`SELECT code FROM regions WHERE level = 'village' AND code LIKE $1 ORDER BY code OFFSET $2 LIMIT 1`, [
    `${prefix}.%`,
    n,
  ]);
  return rows[0]!.code;
}

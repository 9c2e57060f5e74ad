import type { Queryable } from '../../db/db.js';

export interface LetterheadRow {
  region_code: string;
  government: string;
  office: string;
  address: string;
  contact: string;
  place: string;
  signatory_name: string;
  signatory_position: string;
  signatory_rank: string;
  signatory_nip: string;
  classification: string;
  unit_code: string;
  logo_type: string | null;
  has_logo: boolean;
  updated_by: string;
  updated_at: Date;
}

const COLUMNS = `region_code, government, office, address, contact, place, signatory_name, signatory_position, signatory_rank, signatory_nip,
  classification, unit_code, logo_type, logo IS NOT NULL AS has_logo, updated_by, updated_at`;

/** The configured letterhead nearest to a region: its own, else its regency's, province's or the national one. */
export async function nearestLetterhead(db: Queryable, codes: string[]): Promise<LetterheadRow | null> {
  const rows = await db.query<LetterheadRow>(
    `SELECT ${COLUMNS} FROM letterheads WHERE region_code = ANY($1::text[]) ORDER BY length(region_code) DESC LIMIT 1`,
    [codes],
  );
  return rows[0] ?? null;
}

export async function findLogo(db: Queryable, regionCode: string): Promise<{ logo: Uint8Array; logo_type: string } | null> {
  const rows = await db.query<{ logo: Uint8Array; logo_type: string }>('SELECT logo, logo_type FROM letterheads WHERE region_code = $1 AND logo IS NOT NULL', [
    regionCode,
  ]);
  return rows[0] ?? null;
}

export async function upsertLetterhead(db: Queryable, l: Omit<LetterheadRow, 'logo_type' | 'has_logo' | 'updated_at'>): Promise<void> {
  await db.query(
    `INSERT INTO letterheads (region_code, government, office, address, contact, place, signatory_name, signatory_position, signatory_rank, signatory_nip,
                              classification, unit_code, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (region_code) DO UPDATE SET government = EXCLUDED.government, office = EXCLUDED.office, address = EXCLUDED.address,
       contact = EXCLUDED.contact, place = EXCLUDED.place, signatory_name = EXCLUDED.signatory_name, signatory_position = EXCLUDED.signatory_position,
       signatory_rank = EXCLUDED.signatory_rank, signatory_nip = EXCLUDED.signatory_nip, classification = EXCLUDED.classification,
       unit_code = EXCLUDED.unit_code, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [
      l.region_code,
      l.government,
      l.office,
      l.address,
      l.contact,
      l.place,
      l.signatory_name,
      l.signatory_position,
      l.signatory_rank,
      l.signatory_nip,
      l.classification,
      l.unit_code,
      l.updated_by,
    ],
  );
}

/** Sets the logo of a configured letterhead; false when the region has none configured yet. */
export async function setLogo(db: Queryable, regionCode: string, logo: Buffer, type: string, by: string): Promise<boolean> {
  const rows = await db.query('UPDATE letterheads SET logo = $2, logo_type = $3, updated_by = $4, updated_at = now() WHERE region_code = $1 RETURNING 1', [
    regionCode,
    logo,
    type,
    by,
  ]);
  return rows.length > 0;
}

/**
 * The number of a document: the one it was given before, or the region's next of the year. One number
 * at a time per region (advisory lock), so two documents printed at once never share a number.
 */
export async function issueNumber(
  db: Queryable,
  d: { regionCode: string; year: number; document: string; format: (seq: number) => string; by: string },
): Promise<string> {
  const known = await db.query<{ number: string }>('SELECT number FROM document_numbers WHERE region_code = $1 AND document = $2', [d.regionCode, d.document]);
  if (known[0]) return known[0].number;
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('jaring.document_number:' || $1))`, [d.regionCode]);
  const again = await db.query<{ number: string }>('SELECT number FROM document_numbers WHERE region_code = $1 AND document = $2', [d.regionCode, d.document]);
  if (again[0]) return again[0].number;
  const [next] = await db.query<{ seq: number }>('SELECT COALESCE(max(seq), 0) + 1 AS seq FROM document_numbers WHERE region_code = $1 AND year = $2', [
    d.regionCode,
    d.year,
  ]);
  const number = d.format(next!.seq);
  await db.query('INSERT INTO document_numbers (region_code, year, seq, document, number, issued_by) VALUES ($1, $2, $3, $4, $5, $6)', [
    d.regionCode,
    d.year,
    next!.seq,
    d.document,
    number,
    d.by,
  ]);
  return number;
}

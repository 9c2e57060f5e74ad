import type { Queryable } from '../../db/db.js';
import { one, query, sql } from '../../db/sql.js';

export interface BenefitRuleRow {
  key: string;
  program: 'JKK' | 'JKM' | 'BEASISWA';
  unit: string;
  value: number;
  valid_from: string;
  valid_to: string | null;
  legal_basis: string;
  note: string;
}

export function listBenefitRules(db: Queryable): Promise<BenefitRuleRow[]> {
  return query<BenefitRuleRow>(
    db,
    sql`SELECT key, program, unit, value::bigint AS value, valid_from::text, valid_to::text, legal_basis, note FROM benefit_amounts ORDER BY key, valid_from`,
  );
}

/** The rule of `key` that is open-ended (in force until replaced), locked for the replacement. */
export function openRule(db: Queryable, key: string): Promise<BenefitRuleRow | null> {
  return one<BenefitRuleRow>(
    db,
    sql`SELECT key, program, unit, value::bigint AS value, valid_from::text, valid_to::text, legal_basis, note
          FROM benefit_amounts WHERE key = ${key} AND valid_to IS NULL FOR UPDATE`,
  );
}

/** Ends the open rule the day before `from` and adds the new one from `from` (one statement each). */
export async function replaceRule(db: Queryable, prev: BenefitRuleRow, next: { value: number; from: string; legalBasis: string; note: string }): Promise<void> {
  await query(db, sql`UPDATE benefit_amounts SET valid_to = (${next.from}::date - 1) WHERE key = ${prev.key} AND valid_from = ${prev.valid_from}::date`);
  await query(
    db,
    sql`INSERT INTO benefit_amounts (key, program, unit, value, valid_from, legal_basis, note)
        VALUES (${prev.key}, ${prev.program}, ${prev.unit}, ${next.value}, ${next.from}::date, ${next.legalBasis}, ${next.note})`,
  );
}

import type { Actor } from '../actor.js';
import { fromNumbered, type Sql } from '../db/sql.js';
import { isVisibleInScope, isWithinScope } from '../domain/region-code.js';
import { can } from '../domain/roles.js';
import { scopeCondition, visibleRegionCondition } from '../db/scope.js';

/**
 * The one access model. An actor's scope is one of: the whole country, a Kemendagri region (and
 * everything under it), a donor's own rows (for the donor space to come), or nothing (a public
 * caller). Every kind of owned row is placed by one column; `rowsOf` turns an actor into the SQL
 * predicate for that kind, and the repositories put it in their WHERE.
 */
export type Scope = { kind: 'national' } | { kind: 'region'; code: string } | { kind: 'donor'; donorId: number } | { kind: 'none' };

export function scopeOf(actor: Actor | null): Scope {
  if (!actor) return { kind: 'none' };
  // A donor is placed by their donor row, never by a region; checked first so no donor reads as national.
  if (actor.role === 'donor') return actor.donorId ? { kind: 'donor', donorId: actor.donorId } : { kind: 'none' };
  return actor.scope === null ? { kind: 'national' } : { kind: 'region', code: actor.scope };
}

/** Kinds of rows that belong to a place, and the column (under the given table alias) that places them. */
export const OWNED_BY = {
  worker: 'village_code',
  participant: 'region_code',
  /** A batch line, an invoice line and a reconciliation item are placed by their participant. */
  batchLine: 'region_code',
  invoiceLine: 'region_code',
  reconciliationItem: 'region_code',
  /** An import belongs to the region of whoever made it. */
  import: 'actor_scope',
  coverageInput: 'region_code',
  target: 'region_code',
  boundary: 'region_code',
  user: 'region_code',
  auditEntry: 'region_code',
  /** A job placed in the region of the program or import it works for; system jobs (no region) only nationally. */
  job: 'region_code',
  /** An incident, its claims and heirs are placed in the participant's village. */
  incident: 'region_code',
  claim: 'region_code',
  heir: 'region_code',
  scholarshipYear: 'region_code',
  claimDocument: 'region_code',
  claimSubmission: 'region_code',
  /** An e-mail is placed in the region it concerns; a message without one (a donor's sign-up) only nationally. */
  mail: 'region_code',
  /** Donors, their sponsorships, donations and statement lines are placed in the regency they give in. */
  donor: 'region_code',
  sponsorship: 'region_code',
  donation: 'region_code',
  statementLine: 'region_code',
  /** A worker of a verification round is verified by the village the worker lived in when the round opened. */
  verificationItem: 'village_code',
  /** A likely-duplicate pair is placed in the village of its first worker (whoever may see it may review it). */
  duplicatePair: 'region_code',
} as const;
export type OwnedKind = keyof typeof OWNED_BY;

export interface Predicate {
  sql: string;
  params: unknown[];
}

/** Rows of `kind` (table alias `alias`, or '' for none) the actor may see; parameters are numbered from `firstParam`. */
export function rowsOf(actor: Actor | null, kind: OwnedKind, alias: string, firstParam: number): Predicate {
  return within(actor, alias ? `${alias}.${OWNED_BY[kind]}` : OWNED_BY[kind], firstParam);
}

/**
 * A donor's own rows: `column` holds the donor id. Staff of a region see the rows placed inside it
 * (`placeColumn`), a national actor all; a donor only their own, the public nothing.
 */
export function donorRows(actor: Actor | null, column: string, placeColumn: string): Sql {
  const s = scopeOf(actor);
  if (s.kind === 'donor') return fromNumbered({ sql: `${column} = $1`, params: [s.donorId] }, 1);
  return inside(actor, placeColumn);
}

/** The donor an actor acts for, or null for staff and the public. */
export function donorOf(actor: Actor | null): number | null {
  const s = scopeOf(actor);
  return s.kind === 'donor' ? s.donorId : null;
}

/** `rowsOf` as a fragment for the `sql` template (parameters numbered where it is spliced in). */
export function scoped(actor: Actor | null, kind: OwnedKind, alias = ''): Sql {
  return fromNumbered(rowsOf(actor, kind, alias, 1), 1);
}

/** `sharedRowsOf` as a fragment for the `sql` template. */
export function sharedInside(actor: Actor | null, column: string): Sql {
  return fromNumbered(sharedRowsOf(actor, column, 1), 1);
}

/** `within` as a fragment for the `sql` template. */
export function inside(actor: Actor | null, column: string): Sql {
  return fromNumbered(within(actor, column, 1), 1);
}

/**
 * A filter, not an access decision: `column` is the region `code` or lies under it, as the same one
 * range of codes a scope is (db/scope.ts).
 */
export function underRegion(column: string, code: string): Sql {
  return fromNumbered(scopeCondition(column, code, 1), 1);
}

/** The SQL form of `coversWhole`: the region in `column` lies inside the actor's scope. */
export function within(actor: Actor | null, column: string, firstParam: number): Predicate {
  const s = scopeOf(actor);
  if (s.kind === 'national') return { sql: 'TRUE', params: [] };
  if (s.kind !== 'region') return { sql: 'FALSE', params: [] };
  return scopeCondition(column, s.code, firstParam);
}

/** Shared rows (a program, a plan, a batch) that a region's users see when they lie inside or above it. */
export function sharedRowsOf(actor: Actor | null, column: string, firstParam: number): Predicate {
  const s = scopeOf(actor);
  if (s.kind === 'national') return { sql: 'TRUE', params: [] };
  if (s.kind !== 'region') return { sql: 'FALSE', params: [] };
  return visibleRegionCondition(column, s.code, firstParam);
}

/** Whether the actor may see rows placed at `code`. */
export function canSee(actor: Actor | null, code: string): boolean {
  const s = scopeOf(actor);
  return s.kind === 'national' || (s.kind === 'region' && isWithinScope(code, s.code));
}

/** Whether a shared row placed at `code` (a program of the actor's regency) is visible to the actor. */
export function canSeeShared(actor: Actor | null, code: string): boolean {
  const s = scopeOf(actor);
  return s.kind === 'national' || (s.kind === 'region' && isVisibleInScope(code, s.code));
}

/**
 * Whether the actor sees the whole of a region (its scope contains it). When not — a village
 * operator looking at a regency's batch or reconciliation — lists and totals must be computed
 * from the rows inside the actor's own scope.
 */
export const coversWhole = (actor: Actor | null, code: string): boolean => canSee(actor, code);

/** Whether personal identifiers (NIK, KPJ, phone) are shown in full to this actor. */
export const seesFullIdentifiers = (actor: Actor | null): boolean => actor !== null && can(actor.role, 'nik.full');

import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { rowsOf } from '../../access/access.js';

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor_username: string;
  action: string;
  entity: string;
  entity_id: string | null;
  region_code: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function insertAudit(db: Queryable, actor: Actor, entry: AuditInput): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_username, action, entity, entity_id, region_code, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.id,
      actor.username,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.regionCode,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

/**
 * Several entries by one actor in one statement (a sign-off's worker changes, buffered writers), each with
 * its before and after and, when given, the moment it happened (otherwise now).
 */
export async function insertAudits(db: Queryable, actor: Actor, entries: (AuditInput & { at?: Date })[]): Promise<void> {
  if (entries.length === 0) return;
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  await db.query(
    `INSERT INTO audit_log (at, actor_id, actor_username, action, entity, entity_id, region_code, before, after)
     SELECT coalesce(e.at, now()), $1, $2, e.action, e.entity, e.entity_id, e.region_code, e.before, e.after
       FROM unnest($3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[])
            AS e(at, action, entity, entity_id, region_code, before, after)`,
    [
      actor.id,
      actor.username,
      entries.map((e) => e.at?.toISOString() ?? null),
      entries.map((e) => e.action),
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId),
      entries.map((e) => e.regionCode),
      entries.map((e) => json(e.before)),
      entries.map((e) => json(e.after)),
    ],
  );
}

/** Audit entries of one entity, limited to the actor's region. */
export async function listAuditForEntity(db: Queryable, actor: Actor, entity: string, entityId: string): Promise<AuditRow[]> {
  const cond = rowsOf(actor, 'auditEntry', '', 3);
  return db.query<AuditRow>(
    `SELECT id, at, actor_username, action, entity, entity_id, region_code, before, after
       FROM audit_log WHERE entity = $1 AND entity_id = $2 AND ${cond.sql} ORDER BY id DESC LIMIT 200`,
    [entity, entityId, ...cond.params],
  );
}

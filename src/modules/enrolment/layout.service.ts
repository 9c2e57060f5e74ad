import type { Queryable } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { insertAudit } from '../audit/audit.repository.js';
import { readableProgram, writableProgram } from '../funding/funding.service.js';
import { updateEnrolmentLayout } from '../funding/funding.repository.js';
import { DEFAULT_LAYOUT, LAYOUT_FIELDS, programLayout, validateLayout, type LayoutColumn } from './files.js';

/** A program's registration-file layout, with the fields it may use and the default. */
export async function getLayout(db: Queryable, actor: Actor, programId: number) {
  await readableProgram(db, actor, programId);
  return { layout: await programLayout(db, programId), fields: LAYOUT_FIELDS, default: DEFAULT_LAYOUT };
}

/** Sets a program's layout (branches differ), or resets it to the default with `null`; audit-logged. */
export async function setLayout(db: Queryable, actor: Actor, programId: number, columns: unknown[] | null): Promise<LayoutColumn[]> {
  const layout = columns === null ? DEFAULT_LAYOUT : validateLayout(columns);
  return db.transaction(async (tx) => {
    const p = await writableProgram(tx, actor, programId);
    await updateEnrolmentLayout(tx, p.id, columns === null ? null : layout);
    await insertAudit(tx, actor, {
      action: 'program.enrolment_layout',
      entity: 'program',
      entityId: String(p.id),
      regionCode: p.region_code,
      after: { layout },
    });
    return layout;
  });
}

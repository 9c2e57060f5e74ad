import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Db } from '../../src/db/db.js';
import type { Actor } from '../../src/actor.js';
import type { Mapping } from '../../src/domain/import-mapping.js';
import { createImport, runImport, startImport, type ImportView } from '../../src/modules/imports/imports.service.js';

export const fixture = (name: string) => resolve('test/fixtures/imports', name);

/** The whole pipeline as a door would drive it: create, start, run. */
export async function importFile(
  db: Db,
  actor: Actor,
  path: string,
  opts: { policy?: string; sheet?: string; mapping?: Mapping; effectiveMonth?: string; chunkRows?: number; stageIn?: 'worker' | 'main' } = {},
): Promise<ImportView> {
  const created = await createImport(db, actor, { name: basename(path), path, bytes: statSync(path).size });
  await startImport(db, actor, created.id, { policy: opts.policy, sheet: opts.sheet ?? null, mapping: opts.mapping, effectiveMonth: opts.effectiveMonth });
  return runImport(db, created.id, undefined, { chunkRows: opts.chunkRows, stageIn: opts.stageIn });
}

import type { Queryable } from '../../db/db.js';

export interface SectorRow {
  code: string;
  name_id: string;
  name_en: string;
  examples: string;
}

export function listSectors(db: Queryable): Promise<SectorRow[]> {
  return db.query<SectorRow>('SELECT code, name_id, name_en, examples FROM sectors ORDER BY sort');
}

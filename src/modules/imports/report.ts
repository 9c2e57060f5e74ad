import type { Writable } from 'node:stream';
import { safeCell } from '../../files/tabular.js';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/db.js';
import { writeCsv, PEOPLE_CSV_DELIMITER } from '../../db/csv.js';
import type { Actor } from '../../actor.js';
import { requirePermission } from '../../actor.js';
import { AppError } from '../../errors.js';
import { insertAudit } from '../audit/audit.repository.js';
import { personal, presentCells, type PersonalPresenter } from '../../access/personal.js';
import * as repo from './imports.repository.js';
import { problemColumn, RAW_SEPARATOR } from './parse-rows.js';
import { fieldOfColumn, type Mapping } from '../../domain/import-mapping.js';

/**
 * The rows an import rejected, each as it was in the file followed by what is wrong with it, so the
 * operator can fix them and import the report itself again (the extra columns are ignored).
 * Streamed a page at a time; every cell is neutralised against formula injection.
 */
export const REPORT_EXTRA = ['BARIS / ROW', 'KOLOM / COLUMN', 'MASALAH', 'PROBLEM'];

function reportLine(
  headers: string[],
  mapping: Mapping,
  row: repo.StagedErrorRow,
  p: PersonalPresenter,
  fieldOf: (column: number) => string | undefined,
): string[] {
  const cells = row.raw.split(RAW_SEPARATOR);
  const padded = presentCells(
    p,
    headers.map((_, i) => cells[i] ?? ''),
    fieldOf,
  );
  const cols = [...new Set(row.errors.map((e) => problemColumn(headers, mapping, e) || e.field))];
  return [...padded, String(row.row_no), cols.join(', '), row.errors.map((e) => e.id).join('; '), row.errors.map((e) => e.en).join('; ')].map(safeCell);
}

async function* reportRows(db: Queryable, importId: number, headers: string[], mapping: Mapping, p: PersonalPresenter): AsyncGenerator<string[]> {
  const fieldOf = fieldOfColumn(mapping);
  let after = 0;
  for (;;) {
    const page = await repo.stagedErrors(db, importId, after, 5000);
    if (page.length === 0) return;
    for (const r of page) yield reportLine(headers, mapping, r, p, fieldOf);
    after = page[page.length - 1]!.row_no;
  }
}

export async function writeErrorReport(db: Queryable, actor: Actor, id: number, format: 'csv' | 'xlsx', out: Writable): Promise<void> {
  requirePermission(actor, 'workers.read');
  const imp = await repo.findImport(db, actor, id);
  if (!imp) throw new AppError('not_found', { id: `Impor #${id} tidak ditemukan`, en: `Import #${id} not found` });
  await insertAudit(db, actor, {
    action: 'import.report',
    entity: 'import',
    entityId: String(id),
    regionCode: imp.actor_scope,
    after: { format, rowsInvalid: imp.rows_invalid, nikMasked: !personal(actor).full },
  });
  const header = [...imp.headers, ...REPORT_EXTRA];
  if (format === 'csv') {
    await writeCsv(out, reportRows(db, id, imp.headers, imp.mapping, personal(actor)), { header, bom: true, delimiter: PEOPLE_CSV_DELIMITER });
    return;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('Baris bermasalah');
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.commit();
  for await (const line of reportRows(db, id, imp.headers, imp.mapping, personal(actor))) ws.addRow(line).commit();
  ws.commit();
  await wb.commit();
}

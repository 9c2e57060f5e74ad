import { createWriteStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { migrate } from '../db/migrate.js';
import { SYSTEM_ACTOR } from '../actor.js';
import { actorFor } from './actor.js';
import { AppError } from '../errors.js';
import { IMPORT_FIELDS, normalizeHeader, type ImportField, type Mapping } from '../domain/import-mapping.js';
import { cancelImport, createImport, listImports, performImport, startImport, type ImportView } from '../modules/imports/imports.service.js';
import { failStaleImports } from '../modules/imports/imports.repository.js';
import { writeErrorReport } from '../modules/imports/report.js';
import { generateWorkersFile } from '../modules/demo/generate.js';
import { io, print } from './output.js';

/** --map nik=NO_KTP --map fullName=3: a header name or a 1-based column number. */
export function explicitMapping(pairs: string[], headers: string[]): Mapping {
  const mapping: Mapping = {};
  for (const pair of pairs) {
    const [field, column] = pair.split('=');
    if (!field || column === undefined || !(IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new AppError('validation', {
        id: `--map "${pair}": gunakan FIELD=KOLOM, FIELD salah satu ${IMPORT_FIELDS.join(', ')}`,
        en: `--map "${pair}": use FIELD=COLUMN, FIELD one of ${IMPORT_FIELDS.join(', ')}`,
      });
    }
    const index = /^\d+$/.test(column) ? Number(column) - 1 : headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(column));
    if (index < 0 || index >= headers.length)
      throw new AppError('validation', { id: `--map "${pair}": kolom "${column}" tidak ada`, en: `--map "${pair}": column "${column}" not found` });
    mapping[field as ImportField] = index;
  }
  return mapping;
}

/** A file named on the command line: its absolute path and size, or a bilingual "does not exist". */
export function localFile(file: string): { path: string; bytes: number } {
  const path = resolve(file);
  try {
    return { path, bytes: statSync(path).size };
  } catch {
    throw new AppError('not_found', { id: `Berkas ${file} tidak ada`, en: `File ${file} does not exist` });
  }
}

export function progressPrinter(): (v: ImportView) => void {
  const tty = io.errIsTty;
  return (v) => {
    const pct = v.progress.percent;
    const line = `${String(pct).padStart(3)}% ${v.progress.rowsRead.toLocaleString('id-ID')} baris / rows`;
    if (tty) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}   `);
    } else {
      io.err(`progress ${line}\n`);
    }
  };
}

export function registerImportCommands(program: Command, withDb: WithDb): void {
  const imp = program.command('import').description('Bulk import of worker lists (CSV, XLSX)');
  imp
    .command('workers <file>')
    .description('Import a worker list: validated, all valid rows applied at once, problems reported per row')
    .option('--policy <policy>', 'insert_only | upsert | reject_conflicts', 'upsert')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .option('--map <field=column...>', 'explicit column mapping, e.g. --map nik=NO_KTP --map fullName=2')
    .option('--as <username>', 'act as this user (their region scope applies)')
    .option('--report <file>', 'write the rejected rows with their problems to this .csv or .xlsx')
    .option('--json', 'machine-readable summary on stdout')
    .action(async (file: string, opts: { policy: string; sheet?: string; map?: string[]; as?: string; report?: string; json?: boolean }) => {
      const { path, bytes } = localFile(file);
      const view = await withDb(async (db, jobs) => {
        await migrate(db);
        await failStaleImports(db, 120);
        const actor = await actorFor(db, opts.as);
        const created = await createImport(db, actor, { name: basename(path), path, bytes });
        const mapping = opts.map ? explicitMapping(opts.map, created.headers) : undefined;
        await startImport(db, actor, created.id, { mapping, policy: opts.policy, sheet: opts.sheet ?? null });
        // The import.run job that startImport queued, run in this process (as a server's runner would).
        const done = await performImport(db, jobs, actor, created.id, progressPrinter());
        if (io.errIsTty) io.err('\n');
        if (opts.report && done.counts.invalid > 0) {
          const format = opts.report.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
          const out = createWriteStream(opts.report);
          const closed = new Promise<void>((res, rej) => out.on('close', () => res()).on('error', rej));
          await writeErrorReport(db, actor, created.id, format, out);
          await closed;
        }
        return done;
      });
      const c = view.counts;
      print(
        opts.json,
        view,
        [
          `Impor #${view.id} ${view.status}: ${view.message?.id ?? ''}`,
          `  ${view.message?.en ?? ''}`,
          `  baris/rows ${c.total} · baru/new ${c.inserted} · diubah/updated ${c.updated} · sama/unchanged ${c.unchanged} · dilewati/skipped ${c.skipped} · ditolak/rejected ${c.invalid}`,
          c.invalid > 0 ? `  Laporan baris bermasalah / rejected rows: jaring import report ${view.id} --out laporan.xlsx` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      if (view.status !== 'completed') io.exitCode = 1;
    });
  imp
    .command('report <id>')
    .description('Write the rejected rows of an import with their problems (.csv or .xlsx)')
    .requiredOption('--out <file>', 'output file')
    .option('--as <username>', 'act as this user')
    .action(async (id: string, opts: { out: string; as?: string }) => {
      await withDb(async (db) => {
        const out = createWriteStream(opts.out);
        const closed = new Promise<void>((res, rej) => out.on('close', () => res()).on('error', rej));
        await writeErrorReport(db, await actorFor(db, opts.as), Number(id), opts.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv', out);
        await closed;
      });
      io.out(`${opts.out}\n`);
    });
  imp
    .command('cancel <id>')
    .description('Ask a running import to stop; the registry stays as it was')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { as?: string; json?: boolean }) => {
      const view = await withDb(async (db) => cancelImport(db, await actorFor(db, opts.as), Number(id)));
      print(opts.json, view, `Impor #${view.id}: ${view.status}${view.cancelRequested ? ' (pembatalan diminta / cancel requested)' : ''}`);
    });
  imp
    .command('list')
    .description('Recent imports')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await withDb((db) => listImports(db, SYSTEM_ACTOR));
      print(opts.json, list, list.map((v) => `#${v.id} ${v.status.padEnd(9)} ${v.fileName} ${v.counts.total} rows, ${v.counts.invalid} rejected`).join('\n'));
    });

  program
    .command('generate')
    .description('Synthetic data for tests and benchmarks')
    .command('workers')
    .description("A synthetic worker list over a regency's real villages, with realistic dirt, errors and duplicates")
    .option('--regency <code>', 'regency/city code', '35.09')
    .requiredOption('--rows <n>', 'number of rows')
    .option('--error-rate <r>', 'share of rows with a real error', '0.02')
    .option('--seed <n>', 'random seed', '1')
    .option('--delimiter <d>', 'CSV delimiter: , or ;', ',')
    .requiredOption('--out <file>', '.csv or .xlsx')
    .option('--json', 'machine-readable output')
    .action(async (opts: { regency: string; rows: string; errorRate: string; seed: string; delimiter: string; out: string; json?: boolean }) => {
      const rows = Number(opts.rows);
      const errorRate = Number(opts.errorRate);
      if (!Number.isInteger(rows) || rows < 1 || rows > 50_000_000)
        throw new AppError('validation', { id: '--rows harus 1–50.000.000', en: '--rows must be 1–50,000,000' });
      if (!(errorRate >= 0 && errorRate <= 1)) throw new AppError('validation', { id: '--error-rate harus 0–1', en: '--error-rate must be 0–1' });
      const result = await withDb(async (db) => {
        await migrate(db);
        return generateWorkersFile(db, {
          regency: opts.regency,
          rows,
          errorRate,
          seed: Number(opts.seed),
          out: opts.out,
          delimiter: opts.delimiter === ';' ? ';' : ',',
        });
      });
      print(opts.json, result, `${result.file}: ${result.rows} baris/rows, ${result.errorRows} salah/errors, ${result.duplicateRows} duplikat/duplicates`);
    });
}

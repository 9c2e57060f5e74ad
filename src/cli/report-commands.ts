import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { AppError } from '../errors.js';
import { formatRupiah } from '../domain/money.js';
import { acquisitionReport, setBpjsBranch } from '../modules/billing/acquisition.service.js';
import { writeAcquisitionPdf, writeAcquisitionWorkbook } from '../modules/billing/acquisition.exports.js';
import { actorFor } from './actor.js';
import { print } from './output.js';
import { toFile } from './args.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');
const n = (x: number) => x.toLocaleString('id-ID', { maximumFractionDigits: 2 });

/** `jaring report …`: the BPJS branch's acquisition report (issue 16.6) and the branch serving a regency. */
export function registerReportCommands(program: Command, withDb: WithDb): void {
  const report = program.command('report').description('Reports for the BPJS branch: acquisition of subsidised workers by the KPI rule');

  common(
    report
      .command('acquisition')
      .description(
        'Workers credited to the BPJS acquisition KPI per branch and source (≥ 6 paid months count fully; below, government money proportionally, private money 0)',
      )
      .requiredOption('--from <YYYY-MM>')
      .requiredOption('--to <YYYY-MM>')
      .option('--out <file>', 'write the report as .xlsx or .pdf'),
  ).action(async (o: Common & { from: string; to: string; out?: string }) => {
    await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const r = await acquisitionReport(db, actor, { monthFrom: o.from, monthTo: o.to });
      if (o.out) {
        const ext = o.out.split('.').pop()?.toLowerCase();
        if (ext !== 'xlsx' && ext !== 'pdf')
          throw new AppError('validation', { id: 'Berkas keluaran harus .xlsx atau .pdf', en: 'The output file must be .xlsx or .pdf' });
        await toFile(o.out, (out) => (ext === 'pdf' ? writeAcquisitionPdf(db, actor, r, out) : writeAcquisitionWorkbook(db, actor, r, out)));
      }
      const lines = [`Akuisisi ${r.monthFrom} s.d. ${r.monthTo} (penuh pada masa iur ≥ ${r.fullMonths} bulan; ${r.legalBasis})`];
      for (const b of r.branches) {
        lines.push(`${b.branch ?? '(kantor cabang belum dipetakan)'} — ${b.regencyName}: ${n(b.credited)} dari ${n(b.workers)} pekerja`);
        for (const s of b.sources)
          lines.push(
            `  ${s.sourceName} (${s.fundingType}): ${n(s.credited)} — penuh ${n(s.full)}, proporsional ${n(s.partial)}, tidak dihitung ${n(s.uncounted)}; ${formatRupiah(s.rupiah)}`,
          );
      }
      lines.push(`Jumlah / total: ${n(r.total.credited)} dari ${n(r.total.workers)} pekerja`);
      if (o.out) lines.push(`→ ${o.out}`);
      print(o.json, r, lines.join('\n'));
    });
  });

  common(
    report
      .command('branch')
      .description('Record the BPJS branch office that serves a regency')
      .requiredOption('--regency <code>')
      .requiredOption('--name <name>'),
  ).action(async (o: Common & { regency: string; name: string }) => {
    await withDb(async (db) => setBpjsBranch(db, await actorFor(db, o.as), o.regency, o.name));
    print(o.json, { regencyCode: o.regency, branch: o.name }, `${o.regency}: ${o.name}`);
  });
}

import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { AppError } from '../errors.js';
import { formatRupiah } from '../domain/money.js';
import { formatOf } from '../files/readers.js';
import { dashboard, importInputs, refreshSubsidised, setTarget } from '../modules/coverage/coverage.service.js';
import { writeCoveragePdf, writeCoverageWorkbook } from '../modules/coverage/coverage.exports.js';
import { importBoundaries } from '../modules/coverage/boundaries.service.js';
import { actorFor } from './actor.js';
import { print } from './output.js';
import { toFile } from './args.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');
const pct = (x: number | null) => (x === null ? '-' : `${x.toFixed(2)} %`);
const n = (x: number | null) => (x === null ? '-' : x.toLocaleString('id-ID'));

export function registerCoverageCommands(program: Command, withDb: WithDb): void {
  const cov = program.command('coverage').description('Coverage (Universal Coverage Jamsostek): inputs, targets, indicators, rankings');

  common(
    cov
      .command('import <file>')
      .description('Import numerators and denominators with their sources (CSV/XLSX: KODE_WILAYAH, TANGGAL, POTENSI, AKTIF or PU/BPU/JAKON/PMI, …)'),
  ).action(async (file: string, o: Common) => {
    const format = formatOf(file);
    if (!format) throw new AppError('validation', { id: 'Berkas harus .csv atau .xlsx', en: 'The file must be .csv or .xlsx' });
    const r = await withDb(async (db) => importInputs(db, await actorFor(db, o.as), { path: file, format, name: file.split('/').pop() ?? file }));
    print(o.json, r, `${r.saved} baris disimpan / rows saved; ${r.flagged} persentase dilaporkan tidak konsisten / reported percentages inconsistent`);
  });

  common(
    cov
      .command('target')
      .description('Set a coverage target with its source')
      .requiredOption('--region <code>')
      .requiredOption('--year <y>')
      .requiredOption('--value <pct>')
      .requiredOption('--source <text>', 'e.g. RPJMN 2025–2029, RPJMD, Kemendagri'),
  ).action(async (o: Common & { region: string; year: string; value: string; source: string }) => {
    const r = await withDb(async (db) =>
      setTarget(db, await actorFor(db, o.as), { regionCode: o.region, year: Number(o.year), value: Number(o.value), source: o.source }),
    );
    print(o.json, r, `Target ${r.regionCode} ${r.year}: ${r.value} % (${r.source})`);
  });

  common(
    cov
      .command('show')
      .description('Coverage of a region and its children, ranked, with the gap to target')
      .option('--region <code>', 'default: your scope, or the country')
      .option('--as-of <YYYY-MM-DD>')
      .option('--by <ranking>', 'coverage, growth or subsidised', 'coverage'),
  ).action(async (o: Common & { region?: string; asOf?: string; by: string }) => {
    const d = await withDb(async (db) => dashboard(db, await actorFor(db, o.as), { regionCode: o.region, asOf: o.asOf }));
    const r = d.region;
    const by = (['coverage', 'growth', 'subsidised'].includes(o.by) ? o.by : 'coverage') as 'coverage' | 'growth' | 'subsidised';
    const lines = [
      `${r.name} per ${d.asOf}: ${n(r.active)} / ${n(r.potential)} = ${pct(r.pct)}${r.flagged ? ` — dilaporkan / reported ${pct(r.reportedPct)}: TIDAK KONSISTEN / INCONSISTENT` : ''}`,
      r.target
        ? `  target ${r.target.year} ${r.target.value} % (${r.target.source}): kurang / short ${n(r.target.gapPeople)} peserta = ${formatRupiah(r.target.gapRupiahPerYear)} per tahun / year`
        : '  target: -',
      `  aktif di BPJS, dibiayai Jaring / active at BPJS, paid through Jaring: ${n(r.subsidised)} ` +
        `(masa tunggakan / arrears window ${d.subsidisedRule.arrearsMonths} bulan/months, ${d.subsidisedRule.legalBasis}); ` +
        `dibayar untuk / paid for ${d.subsidisedRule.month}: ${n(r.subsidisedPaid)}`,
      `Peringkat / ranking (${by}):`,
      ...d.rankings[by].map((x) => `  ${String(x.rank).padStart(3)}. ${x.code} ${x.name}: ${x.basis}`),
    ];
    print(o.json, d, lines.join('\n'));
  });

  common(cov.command('refresh').description('Rebuild Jaring’s subsidised-participant figures from paid months')).action(async (o: Common) => {
    const r = await withDb(async (db) => refreshSubsidised(db, await actorFor(db, o.as)));
    print(o.json, r, `${r.rows} baris agregat / aggregate rows in ${r.millis} ms`);
  });

  common(
    cov
      .command('boundaries <file>')
      .description('Import official boundaries (GeoJSON FeatureCollection) and match them to Kemendagri codes')
      .option('--code-property <name>', 'the property holding the region code')
      .option('--source <text>', 'where the boundaries come from'),
  ).action(async (file: string, o: Common & { codeProperty?: string; source?: string }) => {
    const r = await withDb(async (db) =>
      importBoundaries(db, await actorFor(db, o.as), { path: file, name: file.split('/').pop() ?? file, codeProperty: o.codeProperty, source: o.source }),
    );
    print(
      o.json,
      r,
      `${r.matched} dari / of ${r.features} fitur cocok / features matched${r.unmatched.length ? `; tidak cocok / unmatched: ${r.unmatched.join(', ')}` : ''}`,
    );
  });

  common(
    cov
      .command('export')
      .description('Write the coverage table (.xlsx/.csv) or a printable report (.pdf)')
      .requiredOption('--out <file>')
      .option('--region <code>')
      .option('--as-of <YYYY-MM-DD>'),
  ).action(async (o: Common & { out: string; region?: string; asOf?: string }) => {
    const ext = o.out.toLowerCase().split('.').pop();
    if (ext !== 'xlsx' && ext !== 'csv' && ext !== 'pdf')
      throw new AppError('validation', { id: '--out harus .xlsx, .csv atau .pdf', en: '--out must be .xlsx, .csv or .pdf' });
    await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const d = await dashboard(db, actor, { regionCode: o.region, asOf: o.asOf });
      await toFile(o.out, (out) => (ext === 'pdf' ? writeCoveragePdf(db, actor, d, out) : writeCoverageWorkbook(db, actor, d, ext, out)));
    });
    print(o.json, { file: o.out }, `Ditulis / written: ${o.out}`);
  });
}

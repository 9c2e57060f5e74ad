import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { formatRupiah } from '../domain/money.js';
import { formatOf } from '../files/readers.js';
import { AppError } from '../errors.js';
import { createSubmission, writeSubmissionFile, writeSubmissionLetter } from '../modules/claims/exchange.service.js';
import { importDecisions } from '../modules/claims/decisions.service.js';
import { claimsReport, writeHandoverPdf, writeReportPdf, writeReportXlsx } from '../modules/claims/reports.service.js';
import { runClaimsDaily } from '../modules/claims/daily.service.js';
import { recordMedicalCost } from '../modules/claims/medical.service.js';
import { listBenefitRules, replaceBenefitRule } from '../modules/funding/benefit-rules.service.js';
import { actorFor } from './actor.js';
import { print } from './output.js';
import { int, optInt, toFile } from './args.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');

/** `jaring claims submit|decisions|report|handover|daily`: the exchange with BPJS, the reports and the daily job, over the same services as the API. */
export function registerClaimsExchangeCommands(program: Command, withDb: WithDb): void {
  const claims = program.commands.find((c) => c.name() === 'claims')!;

  common(
    claims
      .command('submit')
      .description('Submit the verified claims to BPJS: a numbered submission, its file and cover letter')
      .option('--regency <code>')
      .option('--claims <ids>', 'comma-separated claim numbers (default: every verified claim)')
      .option('--file <path>', 'write the submission file (.csv/.xlsx)')
      .option('--letter <path>', 'write the cover letter (.pdf)'),
  ).action(async (o: Common & { regency?: string; claims?: string; file?: string; letter?: string }) => {
    const s = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const sub = await createSubmission(db, actor, { regencyCode: o.regency, claimIds: o.claims?.split(',').map((x) => int('--claims', x.trim())) });
      if (o.file) {
        const ext = o.file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
        await toFile(o.file, (out) => writeSubmissionFile(db, actor, sub.id, ext, out));
      }
      if (o.letter) await toFile(o.letter, (out) => writeSubmissionLetter(db, actor, sub.id, out));
      return sub;
    });
    print(o.json, s, `Pengajuan / submission #${s.id} ${s.documentNumber}: ${s.claimCount} klaim / claims, ${formatRupiah(s.totalAmount)}`);
  });

  common(
    claims.command('decisions <file>').description('Apply BPJS’s decision file (ID_KLAIM, KEPUTUSAN, JUMLAH, TANGGAL, REFERENSI, ALASAN), all or nothing'),
  ).action(async (file: string, o: Common) => {
    const format = formatOf(file);
    if (!format) throw new AppError('validation', { id: 'Berkas harus .csv atau .xlsx', en: 'The file must be .csv or .xlsx' });
    const r = await withDb(async (db) => importDecisions(db, await actorFor(db, o.as), { path: file, format }));
    print(
      o.json,
      r,
      [
        `${r.paid} dibayar / paid (${formatRupiah(r.paidTotal)}), ${r.rejected} ditolak / rejected`,
        ...r.differences.map(
          (d) =>
            `  SELISIH / DIFFERENCE klaim #${d.claimId}: dihitung ${formatRupiah(d.computed)}, dibayar ${formatRupiah(d.paid)} (${formatRupiah(d.difference)})`,
        ),
      ].join('\n'),
    );
  });

  common(
    claims
      .command('figures')
      .description('Beneficiaries and Rupiah paid by benefit, region, year and source; --out writes .xlsx or an official .pdf')
      .option('--year <yyyy>')
      .option('--out <file>'),
  ).action(async (o: Common & { year?: string; out?: string }) => {
    const q = { year: optInt('--year', o.year) };
    const r = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      if (o.out) {
        const pdf = o.out.toLowerCase().endsWith('.pdf');
        if (!pdf && !o.out.toLowerCase().endsWith('.xlsx'))
          throw new AppError('validation', { id: '--out harus .xlsx atau .pdf', en: '--out must be .xlsx or .pdf' });
        await toFile(o.out, (out) => (pdf ? writeReportPdf(db, actor, q, out) : writeReportXlsx(db, actor, q, out)));
      }
      return claimsReport(db, actor, q);
    });
    print(
      o.json,
      r,
      [
        `${r.totals.beneficiaries} penerima / beneficiaries, ${formatRupiah(r.totals.paidAmount)} dibayar / paid (${r.year ?? 'semua tahun / all years'})`,
        ...r.byBenefit.map((b) => `  ${b.benefit}: ${b.beneficiaries}, ${formatRupiah(b.paidAmount)}`),
        `  beasiswa / scholarship: ${r.scholarship.children} anak / children, ${formatRupiah(r.scholarship.paidAmount)}`,
        `  dalam proses / in progress ${r.totals.inProgress}, terlambat / overdue ${r.totals.overdue}`,
      ].join('\n'),
    );
  });

  common(
    claims
      .command('handover')
      .description('The handover list of paid benefits for a ceremony (official PDF)')
      .requiredOption('--from <YYYY-MM-DD>')
      .requiredOption('--to <YYYY-MM-DD>')
      .requiredOption('--out <file.pdf>'),
  ).action(async (o: Common & { from: string; to: string; out: string }) => {
    await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      await toFile(o.out, (out) => writeHandoverPdf(db, actor, { from: o.from, to: o.to }, out));
    });
    print(o.json, { file: o.out }, `Ditulis / written: ${o.out}`);
  });

  common(
    claims.command('daily').description('Run the daily claims job now: expiries, scholarship reminders, document retention').option('--as-of <YYYY-MM-DD>'),
  ).action(async (o: Common & { asOf?: string }) => {
    const r = await withDb((db) => runClaimsDaily(db, o.asOf));
    print(
      o.json,
      r,
      `kedaluwarsa / expired ${r.expired}, pengingat beasiswa / reminders ${r.reminders}, dokumen dihapus / documents purged ${r.documentsPurged}`,
    );
  });

  common(
    claims
      .command('cost <claim>')
      .description('Record a JKK medical cost on the medical claim (no ceiling)')
      .requiredOption('--amount <rupiah>')
      .requiredOption('--on <YYYY-MM-DD>')
      .requiredOption('--description <text>')
      .requiredOption('--version <n>'),
  ).action(async (id: string, o: Common & { amount: string; on: string; description: string; version: string }) => {
    const i = await withDb(async (db) =>
      recordMedicalCost(db, await actorFor(db, o.as), int('claim', id), {
        amount: int('--amount', o.amount),
        on: o.on,
        description: o.description,
        version: int('--version', o.version),
      }),
    );
    const c = i.claims.find((x) => x.id === int('claim', id))!;
    print(o.json, i, `Klaim / claim #${c.id}: ${formatRupiah(c.computedAmount)} (${c.lines.length} biaya / costs)`);
  });

  common(claims.command('rules').description('The dated benefit rules and claim deadlines with their legal basis')).action(async (o: Common) => {
    const r = await withDb(async (db) => listBenefitRules(db, await actorFor(db, o.as)));
    print(
      o.json,
      r,
      r.items
        .map((x) => `${x.key} = ${x.value} ${x.unit} dari / from ${x.validFrom}${x.validTo ? ` s.d. / to ${x.validTo}` : ''} — ${x.legalBasis}`)
        .join('\n'),
    );
  });

  common(
    claims
      .command('rule <key>')
      .description('Replace a benefit rule from a day (the old one stays for earlier incidents)')
      .requiredOption('--value <n>')
      .requiredOption('--from <YYYY-MM-DD>')
      .requiredOption('--basis <legal basis>')
      .option('--note <text>'),
  ).action(async (key: string, o: Common & { value: string; from: string; basis: string; note?: string }) => {
    const r = await withDb(async (db) =>
      replaceBenefitRule(db, await actorFor(db, o.as), { key, value: int('--value', o.value), validFrom: o.from, legalBasis: o.basis, note: o.note }),
    );
    print(o.json, r, `${key} = ${o.value} dari / from ${o.from} (${o.basis})`);
  });
}

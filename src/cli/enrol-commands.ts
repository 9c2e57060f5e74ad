import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { AppError } from '../errors.js';
import { formatRupiah } from '../domain/money.js';
import { formatOf } from '../files/readers.js';
import { applyAnswerFile, createBatch, enrollablePlans, listBatches, listParticipants } from '../modules/enrolment/enrolment.service.js';
import { endParticipant, extendParticipant, refreshLapses, renewCohort, replaceParticipant } from '../modules/enrolment/participants.service.js';
import { LAYOUT_FIELDS, writeCoverLetter, writeRegistrationFile } from '../modules/enrolment/files.js';
import {
  getInvoice,
  listInvoices,
  participantTimeline,
  protectionStatus,
  recordPayment,
  requestBillingRun,
  setBillingCycle,
} from '../modules/billing/billing.service.js';
import { alerts, exportAlerts } from '../modules/billing/alerts.service.js';
import { getReconciliation, reconcileFile, writeReconciliationItems } from '../modules/billing/reconcile.service.js';
import { actorFor } from './actor.js';
import { getLayout, setLayout } from '../modules/enrolment/layout.service.js';
import { print } from './output.js';
import { int, optInt, toFile } from './args.js';

type Common = { as?: string; json?: boolean };

const rp = formatRupiah;
const ext = (path: string): 'csv' | 'xlsx' | 'pdf' => {
  const e = path.toLowerCase().split('.').pop();
  if (e === 'csv' || e === 'xlsx' || e === 'pdf') return e;
  throw new AppError('validation', { id: '--out harus berakhiran .csv, .xlsx atau .pdf', en: '--out must end in .csv, .xlsx or .pdf' });
};

const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');

export function registerEnrolCommands(program: Command, withDb: WithDb): void {
  const enrol = program.command('enrol').description('Enrolment with BPJS Ketenagakerjaan: batches, answers, participants, renewals, alerts');

  common(enrol.command('plans').description('Approved plans and how many of their workers are enrolled')).action(async (o: Common) => {
    const items = await withDb(async (db) => enrollablePlans(db, await actorFor(db, o.as)));
    print(
      o.json,
      items,
      items.map((p) => `plan #${p.id} ${p.name} ${p.monthFrom}–${p.monthTo}: ${p.enrolled}/${p.funded} terdaftar / enrolled`).join('\n') || '-',
    );
  });

  common(
    enrol
      .command('batch')
      .description('Submit an approved plan’s workers in a new batch for the BPJS branch')
      .requiredOption('--plan <id>', 'approved plan')
      .option('--on <YYYY-MM-DD>', 'date of submission (default today, Asia/Jakarta)'),
  ).action(async (o: Common & { plan: string; on?: string }) => {
    const b = await withDb(async (db) => createBatch(db, await actorFor(db, o.as), int('--plan', o.plan), { on: o.on }));
    print(o.json, b, `Batch #${b.id}: ${b.submitted} diajukan / submitted, ${b.continuing} melanjutkan / continuing`);
  });

  common(enrol.command('batches').description('Enrolment batches')).action(async (o: Common) => {
    const items = await withDb(async (db) => listBatches(db, await actorFor(db, o.as)));
    print(
      o.json,
      items,
      items.map((b) => `#${b.id} plan #${b.planId} [${b.status}] ${b.submitted} submitted, ${b.accepted} accepted, ${b.rejected} rejected`).join('\n') || '-',
    );
  });

  common(
    enrol
      .command('export <batch>')
      .description('Write a batch’s registration file (.csv/.xlsx) or cover letter (.pdf)')
      .requiredOption('--out <file>', 'FILE.csv, FILE.xlsx or FILE.pdf'),
  ).action(async (batch: string, o: Common & { out: string }) => {
    const kind = ext(o.out);
    const id = int('batch', batch);
    await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      await toFile(o.out, (out) => (kind === 'pdf' ? writeCoverLetter(db, actor, id, out) : writeRegistrationFile(db, actor, id, kind, out)));
    });
    print(o.json, { file: o.out }, `Ditulis / written: ${o.out}`);
  });

  common(
    enrol
      .command('layout')
      .description('Show or set the registration file’s columns for a program (branches differ)')
      .requiredOption('--program <id>')
      .option('--column <HEADER=field...>', `repeatable, in order; fields: ${Object.keys(LAYOUT_FIELDS).join(', ')}`)
      .option('--reset', 'back to the default layout'),
  ).action(async (o: Common & { program: string; column?: string[]; reset?: boolean }) => {
    const layout = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const programId = int('--program', o.program);
      if (!o.column && !o.reset) return (await getLayout(db, actor, programId)).layout;
      const columns = o.column?.map((c) => {
        const i = c.lastIndexOf('=');
        return { header: i > 0 ? c.slice(0, i) : c, field: i > 0 ? c.slice(i + 1) : '' };
      });
      return setLayout(db, actor, programId, o.reset ? null : columns!);
    });
    print(o.json, layout, layout.map((c) => `${c.header} = ${c.field}`).join('\n'));
  });

  common(
    enrol
      .command('answer <batch> <file>')
      .description('Apply BPJS’s answer (NIK, KPJ, STATUS, ALASAN): all rows or none')
      .option('--on <YYYY-MM-DD>', 'date BPJS accepted (default today)'),
  ).action(async (batch: string, file: string, o: Common & { on?: string }) => {
    const format = formatOf(file);
    if (!format) throw new AppError('validation', { id: 'Berkas harus .csv atau .xlsx', en: 'The file must be .csv or .xlsx' });
    const b = await withDb(async (db) => applyAnswerFile(db, await actorFor(db, o.as), int('batch', batch), { path: file, format }, { on: o.on }));
    print(o.json, b, `Batch #${b.id}: ${b.accepted} diterima / accepted, ${b.rejected} ditolak / rejected`);
  });

  common(
    enrol
      .command('participants')
      .description('Participants in your region')
      .option('--status <s>', 'candidate, submitted, active, lapsed or ended')
      .option('--batch <id>')
      .option('--program <id>')
      .option('--search <text>', 'name, NIK or KPJ')
      .option('--limit <n>', 'rows (default 50, at most 500)'),
  ).action(async (o: Common & { status?: string; batch?: string; program?: string; search?: string; limit?: string }) => {
    const r = await withDb(async (db) =>
      listParticipants(db, await actorFor(db, o.as), {
        status: o.status,
        batchId: optInt('--batch', o.batch),
        programId: optInt('--program', o.program),
        search: o.search,
        limit: optInt('--limit', o.limit),
      }),
    );
    const text = [
      `${r.total} peserta / participants · ${Object.entries(r.byStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      ...r.items.map((p) => `#${p.id} ${p.nik} ${p.fullName} [${p.status} since ${p.statusSince}] KPJ ${p.kpj ?? '-'}`),
    ];
    print(o.json, r, text.join('\n'));
  });

  common(
    enrol
      .command('show [participant]')
      .description('A participant’s timeline and protection on a day')
      .option('--nik <nik>')
      .option('--date <YYYY-MM-DD>', 'day to check (default today)'),
  ).action(async (participant: string | undefined, o: Common & { nik?: string; date?: string }) => {
    const tl = await withDb(async (db) =>
      participantTimeline(db, await actorFor(db, o.as), participant !== undefined ? int('participant', participant) : { nik: o.nik ?? '' }, o.date),
    );
    const p = tl.participant;
    const lines = [
      `#${p.id} ${p.nik} ${p.fullName} [${p.status}] KPJ ${p.kpj ?? '-'}`,
      `  perlindungan / protection: ${tl.protection.state} (${tl.protection.reason}); s.d. / until ${tl.protection.protectedUntil ?? '-'}; batas tunggakan / reactivation deadline ${tl.protection.reactivationDeadline ?? '-'}`,
      ...tl.periods.map((x) => `  ${x.kind} ${x.monthFrom}–${x.monthTo} ${x.sourceName} [${x.fundingType}]`),
      ...tl.events.map((e) => `  ${e.at} ${e.fromStatus ?? '·'} → ${e.toStatus}: ${e.reason}${e.detail ? ` (${e.detail})` : ''} — ${e.actor}`),
    ];
    print(o.json, tl, lines.join('\n'));
  });

  common(
    enrol
      .command('end <participant>')
      .description('End a membership')
      .requiredOption('--reason <r>', 'died, moved, wage_earner or left_program')
      .option('--on <YYYY-MM-DD>')
      .option('--detail <text>'),
  ).action(async (participant: string, o: Common & { reason: string; on?: string; detail?: string }) => {
    const r = await withDb(async (db) => endParticipant(db, await actorFor(db, o.as), int('participant', participant), o));
    print(
      o.json,
      r,
      `Peserta #${r.participant.id} berakhir / ended (${o.reason}); bulan dibebaskan / months freed: ${r.freed.map((f) => `${f.monthFrom}–${f.monthTo}`).join(', ') || '-'}`,
    );
  });

  common(
    enrol
      .command('extend <participant>')
      .description('Extend protection by more months within a fiscal year')
      .requiredOption('--months <n>')
      .option('--source <id>'),
  ).action(async (participant: string, o: Common & { months: string; source?: string }) => {
    const r = await withDb(async (db) =>
      extendParticipant(db, await actorFor(db, o.as), int('participant', participant), {
        months: int('--months', o.months),
        sourceId: optInt('--source', o.source),
      }),
    );
    print(o.json, r, `Diperpanjang / extended ${r.monthFrom}–${r.monthTo}, ${rp(r.rupiah)}`);
  });

  common(
    enrol
      .command('renew')
      .description('Renew a cohort into the next fiscal year once its budget is approved (all or nothing)')
      .requiredOption('--program <id>')
      .requiredOption('--from-year <y>')
      .option('--to-year <y>')
      .option('--from <YYYY-MM>')
      .option('--to <YYYY-MM>')
      .option('--source <id>'),
  ).action(async (o: Common & { program: string; fromYear: string; toYear?: string; from?: string; to?: string; source?: string }) => {
    const r = await withDb(async (db) =>
      renewCohort(db, await actorFor(db, o.as), {
        programId: int('--program', o.program),
        fromYear: int('--from-year', o.fromYear),
        toYear: optInt('--to-year', o.toYear),
        monthFrom: o.from,
        monthTo: o.to,
        sourceId: optInt('--source', o.source),
      }),
    );
    print(
      o.json,
      r,
      [
        `${r.renewed} peserta diperpanjang / renewed, ${rp(r.rupiah)}`,
        ...r.perSource.map((s) => `  ${s.name}: ${s.workers}, ${rp(s.rupiah)}, sisa / left ${rp(s.left)}`),
      ].join('\n'),
    );
  });

  common(
    enrol
      .command('replace <participant>')
      .description('End a membership and give its remaining months to the next eligible candidate')
      .option('--reason <r>', 'died, moved, wage_earner or left_program', 'left_program')
      .option('--on <YYYY-MM-DD>'),
  ).action(async (participant: string, o: Common & { reason: string; on?: string }) => {
    const r = await withDb(async (db) => replaceParticipant(db, await actorFor(db, o.as), int('participant', participant), o));
    print(o.json, r, `#${r.left.id} diganti oleh / replaced by #${r.replacement.id} ${r.replacement.fullName} (${r.monthFrom}–${r.monthTo})`);
  });

  common(
    enrol
      .command('lapse')
      .description('Mark participants whose arrears passed the limit as lapsed')
      .requiredOption('--program <id>')
      .option('--as-of <YYYY-MM-DD>'),
  ).action(async (o: Common & { program: string; asOf?: string }) => {
    const r = await withDb(async (db) => refreshLapses(db, await actorFor(db, o.as), { programId: int('--program', o.program), asOf: o.asOf }));
    print(o.json, r, `${r.lapsed} peserta menjadi lapsed / lapsed`);
  });

  common(
    enrol
      .command('alerts')
      .description('Protection ending soon, unpaid months, cohorts without next year’s budget')
      .option('--program <id>')
      .option('--days <n>', 'horizon in days (default 30)')
      .option('--as-of <YYYY-MM-DD>')
      .option('--out <file>', 'write the full list to FILE.csv or FILE.xlsx'),
  ).action(async (o: Common & { program?: string; days?: string; asOf?: string; out?: string }) => {
    const a = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const q = { programId: optInt('--program', o.program), days: optInt('--days', o.days), asOf: o.asOf };
      if (!o.out) return alerts(db, actor, { ...q, limit: 50 });
      const kind = ext(o.out);
      if (kind === 'pdf') throw new AppError('validation', { id: '--out harus .csv atau .xlsx', en: '--out must be .csv or .xlsx' });
      const file = await exportAlerts(db, actor, q, kind);
      await toFile(o.out, file.write);
      return file.view;
    });
    const c = a.counts;
    const lines = [
      `Per ${a.asOf}: ${c.ending} berakhir dalam ${a.days} hari / ending within ${a.days} days; ${c.unpaid} dengan bulan belum dibayar / with unpaid months (${rp(c.unpaidRupiah)})`,
      ...a.cohorts.map(
        (k) =>
          `  kohort / cohort ${k.sourceName} ${k.fiscalYear}: ${k.workers} berakhir / end ${k.endsOn}, belum diperpanjang / not renewed; pagu / budget ${k.fiscalYear + 1}: ${k.nextYearBudget > 0 ? rp(k.nextYearBudget) : 'belum ada / none'}; batas / deadline ${k.lapseDeadline}`,
      ),
    ];
    print(o.json, a, lines.join('\n'));
  });

  const bill = program.command('bill').description('Invoices per funding source and period, payments, protection on a day');

  common(
    bill.command('cycle').description('How a source is invoiced').requiredOption('--source <id>').requiredOption('--cycle <c>', 'monthly, quarterly or yearly'),
  ).action(async (o: Common & { source: string; cycle: string }) => {
    const r = await withDb(async (db) => setBillingCycle(db, await actorFor(db, o.as), int('--source', o.source), o.cycle));
    print(o.json, r, `Sumber / source #${r.sourceId}: ${r.billingCycle}`);
  });

  common(
    bill
      .command('run')
      .description('Bill every source of a program for the block containing a month (idempotent)')
      .requiredOption('--program <id>')
      .requiredOption('--month <YYYY-MM>'),
  ).action(async (o: Common & { program: string; month: string }) => {
    const r = await withDb(async (db, jobs) => {
      const res = await requestBillingRun(db, jobs, await actorFor(db, o.as), { programId: int('--program', o.program), month: o.month }, 24 * 3600_000);
      if ('pending' in res) throw new AppError('internal');
      return res.done;
    });
    const text = r.alreadyBilled
      ? 'Sudah ditagih; tidak ada yang baru / already billed; nothing new'
      : r.created.map((i) => `Tagihan / invoice #${i.id} ${i.sourceName} ${i.periodFrom}–${i.periodTo}: ${i.lines} baris / lines, ${rp(i.total)}`).join('\n');
    print(o.json, r, text);
  });

  common(bill.command('list').description('Invoices').option('--program <id>').option('--status <s>', 'open, partial or paid')).action(
    async (o: Common & { program?: string; status?: string }) => {
      const items = await withDb(async (db) => listInvoices(db, await actorFor(db, o.as), { programId: optInt('--program', o.program), status: o.status }));
      print(
        o.json,
        items,
        items.map((i) => `#${i.id} ${i.sourceName} ${i.periodFrom}–${i.periodTo} [${i.status}] ${rp(i.total)}, dibayar / paid ${rp(i.paid)}`).join('\n') || '-',
      );
    },
  );

  common(bill.command('show <invoice>').description('An invoice with its months and payments')).action(async (invoice: string, o: Common) => {
    const i = await withDb(async (db) => getInvoice(db, await actorFor(db, o.as), int('invoice', invoice)));
    const lines = [
      `#${i.id} ${i.sourceName} [${i.fundingType}] ${i.periodFrom}–${i.periodTo} [${i.status}] total ${rp(i.total)}, paid ${rp(i.paid)}, outstanding ${rp(i.outstanding)}`,
      ...i.months.map((m) => `  ${m.month}: ${m.lines} × → ${rp(m.amount)} (${m.paidLines} lunas / paid)`),
      ...i.payments.map((p) => `  ${p.paidOn} ${p.reference} ${rp(p.amount)} — ${p.recordedBy}`),
    ];
    print(o.json, i, lines.join('\n'));
  });

  common(
    bill
      .command('pay <invoice>')
      .description('Record a payment (partial allowed)')
      .requiredOption('--amount <rupiah>')
      .requiredOption('--date <YYYY-MM-DD>')
      .requiredOption('--ref <reference>'),
  ).action(async (invoice: string, o: Common & { amount: string; date: string; ref: string }) => {
    const i = await withDb(async (db) =>
      recordPayment(db, await actorFor(db, o.as), int('invoice', invoice), { amount: int('--amount', o.amount), paidOn: o.date, reference: o.ref }),
    );
    print(o.json, i, `Tagihan / invoice #${i.id} [${i.status}]: dibayar / paid ${rp(i.paid)}, sisa / outstanding ${rp(i.outstanding)}`);
  });

  common(
    bill.command('status').description('Is this worker protected on a day, and by which source?').requiredOption('--nik <nik>').option('--date <YYYY-MM-DD>'),
  ).action(async (o: Common & { nik: string; date?: string }) => {
    const r = await withDb(async (db) => protectionStatus(db, await actorFor(db, o.as), { nik: o.nik }, o.date));
    const state = { protected: 'TERLINDUNGI / PROTECTED', grace: 'MASA TUNGGAKAN / IN ARREARS', none: 'TIDAK TERLINDUNGI / NOT PROTECTED' }[r.state];
    print(
      o.json,
      r,
      `${r.day}: ${state}${r.source ? ` — ${r.source.name}` : ''} (${r.reason}); s.d. / until ${r.protectedUntil ?? '-'}; batas tunggakan / reactivation deadline ${r.reactivationDeadline ?? '-'}`,
    );
  });

  common(
    program
      .command('reconcile <file>')
      .description('Compare a BPJS participant statement (CSV/XLSX) with the participants Jaring pays for')
      .requiredOption('--program <id>')
      .option('--out <file>', 'write every difference to FILE.csv or FILE.xlsx'),
  ).action(async (file: string, o: Common & { program: string; out?: string }) => {
    const format = formatOf(file);
    if (!format) throw new AppError('validation', { id: 'Berkas harus .csv atau .xlsx', en: 'The file must be .csv or .xlsx' });
    const r = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const rec = await reconcileFile(db, actor, { programId: int('--program', o.program), path: file, format, fileName: file.split('/').pop() ?? file });
      if (o.out) {
        const kind = ext(o.out);
        if (kind === 'pdf') throw new AppError('validation', { id: '--out harus .csv atau .xlsx', en: '--out must be .csv or .xlsx' });
        await toFile(o.out, (out) => writeReconciliationItems(db, actor, rec.id, 'all', kind, out));
      }
      return getReconciliation(db, actor, rec.id, 20);
    });
    const lines = [
      `Rekonsiliasi / reconciliation #${r.id}: ${r.statementRows} baris BPJS / statement rows; cocok / matched ${r.matched}; tidak ada di BPJS / missing ${r.missing}; tidak kita bayar / extra ${r.extra}; berbeda / mismatched ${r.mismatched}`,
      ...(r.items ?? []).map((i) => `  ${i.kind} ${i.nik} ${i.field}: Jaring "${i.ours}" · BPJS "${i.theirs}"`),
    ];
    print(o.json, r, lines.join('\n'));
  });
}

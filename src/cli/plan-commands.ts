import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { formatRupiah } from '../domain/money.js';
import { addBudget, createProgram, createSource, getProgram, listPrograms } from '../modules/funding/funding.service.js';
import { getPlan, listPlans, previewPlan, runPlan, type PlanView } from '../modules/plans/plans.service.js';
import { doubleFunding, reviewPlan, submitPlan } from '../modules/plans/review.service.js';
import { planLosses, type PlanLosses } from '../modules/plans/losses.service.js';
import { budgetNeeded, whatIf } from '../modules/plans/what-if.service.js';
import { writePlanPdf, writePlanWorkbook } from '../modules/plans/exports.js';
import { actorFor } from './actor.js';
import { io, print } from './output.js';
import { int, toFile } from './args.js';

const rp = formatRupiah;

function planText(p: PlanView): string {
  const s = p.summary;
  const lines = [
    `Rencana / plan #${p.id} ${p.name} [${p.status}]`,
    `  ${p.programName} (${p.regionCode}) ${p.monthFrom}–${p.monthTo} (${p.months} bulan / months), mesin / engine ${s.engine}`,
    `  calon / candidates ${s.candidates} · memenuhi syarat / eligible ${s.eligible} · dilindungi / protected ${s.funded} · di luar anggaran / out of budget ${s.outOfBudget} · tidak memenuhi syarat / ineligible ${s.ineligible}`,
    `  total ${rp(s.totalRupiah)}`,
  ];
  for (const src of s.sources)
    lines.push(
      `  - ${src.name} [${src.fundingType}]: ${src.workers} pekerja / workers, ${rp(src.rupiah)} terpakai / used, ${rp(src.left)} sisa / left of ${rp(src.available)}`,
    );
  for (const x of s.ineligibleByChecks) lines.push(`  ✗ ${x.count} tidak memenuhi / ineligible: ${x.checks.join(' + ') || '-'}`);
  return lines.join('\n');
}

const REASONS = { budget: 'anggaran / budget', rule: 'aturan / rule', not_candidate: 'bukan calon lagi / no longer a candidate' } as const;

function lossesText(l: PlanLosses): string {
  if (l.total === 0) return `  Tidak ada yang kehilangan perlindungan / nobody loses protection (${l.protectedBefore} kini terlindungi / protected now)`;
  return [
    `  ⚠ ${l.total} dari / of ${l.protectedBefore} yang kini terlindungi kehilangan perlindungan / protected now lose protection; ${l.kept} tetap / kept`,
    ...l.byReason.map((r) => `    ${r.count}: ${REASONS[r.reason]}${r.checks.length ? ` (${r.checks.join(' + ')})` : ''}`),
    ...l.byEnd.map((e) => `    ${e.count} berakhir / end ${e.until}`),
  ].join('\n');
}

interface PeriodOpts {
  program: string;
  year: string;
  from?: string;
  to?: string;
  as?: string;
  json?: boolean;
}
const periodOf = (o: PeriodOpts) => ({
  programId: int('--program', o.program),
  fiscalYear: int('--year', o.year),
  monthFrom: o.from ?? `${o.year}-01`,
  monthTo: o.to ?? `${o.year}-12`,
});

export function registerPlanCommands(program: Command, withDb: WithDb): void {
  const plan = program.command('plan').description('Funding programs, sources, budgets and coverage plans');
  const withPeriod = (c: Command) =>
    c
      .requiredOption('--program <id>', 'program id')
      .requiredOption('--year <year>', 'fiscal year')
      .option('--from <YYYY-MM>', 'first month (default January)')
      .option('--to <YYYY-MM>', 'last month (default December)')
      .option('--as <username>', 'act as this user (their region scope applies)')
      .option('--json', 'machine-readable output');

  plan
    .command('programs')
    .description('List programs with their sources and budgets')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (o: { as?: string; json?: boolean }) => {
      const data = await withDb(async (db) => {
        const actor = await actorFor(db, o.as);
        return Promise.all((await listPrograms(db, actor)).map((p) => getProgram(db, actor, p.id)));
      });
      const text = data
        .map((p) =>
          [
            `#${p.id} ${p.name} (${p.regionCode} ${p.regionName})`,
            ...p.sources.map((s) => {
              const budgets = p.budgets.filter((b) => b.sourceId === s.id).map((b) => `${b.fiscalYear}/${b.seq} ${b.stage} ${rp(b.amount)}`);
              return `  source #${s.id} ${s.name} [${s.kind}, ${s.fundingType}] ${budgets.join('; ')}`;
            }),
          ].join('\n'),
        )
        .join('\n');
      print(o.json, data, text || 'Belum ada program / no programs yet');
    });

  plan
    .command('program-create')
    .description('Create a program in a region')
    .requiredOption('--region <code>', 'Kemendagri region code, e.g. 35.09')
    .requiredOption('--name <name>', 'program name')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (o: { region: string; name: string; as?: string; json?: boolean }) => {
      const p = await withDb(async (db) => createProgram(db, await actorFor(db, o.as), { regionCode: o.region, name: o.name }));
      print(o.json, p, `Program #${p.id} dibuat / created`);
    });

  plan
    .command('source-add')
    .description('Add a funding source with its eligibility rules')
    .requiredOption('--program <id>', 'program id')
    .requiredOption('--name <name>', 'source name')
    .requiredOption('--kind <kind>', 'DBHCHT, APBD, APBDES, DANA_DESA, DBH_SAWIT, CSR, BANK or DONOR')
    .option('--funding-type <code>', 'BPJS wadah code SC, SB, SG, SD, SA, SL (default from the kind)')
    .option('--sector <code:tier...>', 'allowed sector with its priority tier, repeatable (e.g. tobacco_farm_labourer:1)')
    .option('--max-decile <n>', 'highest DTSEN decile admitted')
    .option('--domicile <code>', 'region the workers must live in (default: the program region)')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(
      async (o: {
        program: string;
        name: string;
        kind: string;
        fundingType?: string;
        sector?: string[];
        maxDecile?: string;
        domicile?: string;
        as?: string;
        json?: boolean;
      }) => {
        const s = await withDb(async (db) =>
          createSource(db, await actorFor(db, o.as), int('--program', o.program), {
            name: o.name,
            kind: o.kind,
            fundingType: o.fundingType ?? null,
            domicileCode: o.domicile ?? null,
            maxDecile: o.maxDecile ? int('--max-decile', o.maxDecile) : null,
            sectors: (o.sector ?? []).map((x) => {
              const [sectorCode, tier] = x.split(':');
              return { sectorCode: sectorCode ?? '', tier: tier ? int('--sector tier', tier) : 1 };
            }),
          }),
        );
        print(o.json, s, `Sumber dana / source #${s.id} ${s.name} [${s.fundingType}]`);
      },
    );

  plan
    .command('budget')
    .description('Record the original budget of a source for a fiscal year, or a revision (PAK)')
    .requiredOption('--source <id>', 'funding source id')
    .requiredOption('--year <year>', 'fiscal year')
    .requiredOption('--amount <rupiah>', 'whole Rupiah')
    .option('--revision', 'record a revision (default when the year already has a budget)')
    .option('--reference <text>', 'decision reference, e.g. DPA or Perda number')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (o: { source: string; year: string; amount: string; revision?: boolean; reference?: string; as?: string; json?: boolean }) => {
      const b = await withDb(async (db) =>
        addBudget(db, await actorFor(db, o.as), int('--source', o.source), {
          fiscalYear: int('--year', o.year),
          amount: int('--amount', o.amount),
          stage: o.revision ? 'revision' : undefined,
          reference: o.reference,
        }),
      );
      print(o.json, b, `Pagu / budget ${b.fiscalYear} #${b.seq} (${b.stage}) ${rp(b.amount)}`);
    });

  withPeriod(plan.command('preview').description('How many candidates each source admits, and why the others are out')).action(async (o: PeriodOpts) => {
    const r = await withDb(async (db) => previewPlan(db, await actorFor(db, o.as), periodOf(o)));
    const lines = [`Calon / candidates ${r.candidates}, memenuhi syarat sumber mana pun / eligible for any source ${r.eligibleAny}`];
    r.perSource.forEach((p, i) => {
      const failing = Object.entries(p.failing)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      lines.push(`  ${r.sources[i]!.name}: ${p.admitted} diterima / admitted${failing ? `; gagal / failing: ${failing}` : ''}`);
    });
    print(o.json, r, lines.join('\n'));
  });

  withPeriod(plan.command('run').description('Run the optimizer and save the result as a draft plan'))
    .option('--name <name>', 'plan name')
    .action(async (o: PeriodOpts & { name?: string }) => {
      const p = await withDb(async (db) => runPlan(db, await actorFor(db, o.as), { ...periodOf(o), name: o.name }));
      print(o.json, p, planText(p));
    });

  plan
    .command('list')
    .description('List plans')
    .option('--program <id>', 'only this program')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (o: { program?: string; as?: string; json?: boolean }) => {
      const items = await withDb(async (db) => listPlans(db, await actorFor(db, o.as), o.program ? int('--program', o.program) : undefined));
      print(
        o.json,
        items,
        items.map((p) => `#${p.id} [${p.status}] ${p.name}: ${p.summary.funded} pekerja / workers, ${rp(p.summary.totalRupiah)}`).join('\n') || '-',
      );
    });

  plan
    .command('show <id>')
    .description('Show a plan and its explanation')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { as?: string; json?: boolean }) => {
      const [p, losses] = await withDb(async (db) => {
        const actor = await actorFor(db, o.as);
        return [await getPlan(db, actor, int('id', id)), await planLosses(db, actor, int('id', id))] as const;
      });
      print(o.json, { ...p, losses }, `${planText(p)}\n${lossesText(losses)}`);
    });

  for (const action of ['submit', 'approve', 'reject'] as const) {
    plan
      .command(`${action} <id>`)
      .description(action === 'submit' ? 'Submit a draft for review' : `${action === 'approve' ? 'Approve' : 'Reject'} a submitted plan (not by its maker)`)
      .requiredOption('--as <username>', 'the reviewing user')
      .option('--note <text>', 'review note', '')
      .option('--confirm-losses', 'approve although protected workers lose protection (see `plan show`)')
      .option('--json', 'machine-readable output')
      .action(async (id: string, o: { as: string; note: string; confirmLosses?: boolean; json?: boolean }) => {
        const p = await withDb(async (db) => {
          const actor = await actorFor(db, o.as);
          return action === 'submit'
            ? submitPlan(db, actor, int('id', id))
            : reviewPlan(db, actor, int('id', id), action, o.note, { confirmLosses: o.confirmLosses === true });
        });
        print(o.json, p, planText(p));
      });
  }

  withPeriod(plan.command('what-if').description('Compare the plan with more money on a source or other months'))
    .option('--add <source=rupiah...>', 'extra Rupiah on a source, repeatable')
    .option('--scenario-from <YYYY-MM>', 'first month of the scenario')
    .option('--scenario-to <YYYY-MM>', 'last month of the scenario')
    .action(async (o: PeriodOpts & { add?: string[]; scenarioFrom?: string; scenarioTo?: string }) => {
      const budgetChanges = (o.add ?? []).map((x) => {
        const [s, a] = x.split('=');
        return { sourceId: int('--add source', s ?? ''), add: int('--add rupiah', a ?? '') };
      });
      const r = await withDb(async (db) =>
        whatIf(db, await actorFor(db, o.as), { ...periodOf(o), scenario: { budgetChanges, monthFrom: o.scenarioFrom, monthTo: o.scenarioTo } }),
      );
      print(
        o.json,
        r,
        [
          r.baseline
            ? `Sudah didanai / already funded: rencana / plan #${r.baseline.planId}, ${r.baseline.workers} pekerja / workers, ${rp(r.baseline.rupiah)}`
            : 'Belum ada rencana disetujui / no approved plan yet',
          `Dasar / base: ${r.base.protectedWorkers} pekerja / workers, ${r.base.months} bulan / months, ${rp(r.base.totalRupiah)}`,
          `Skenario / scenario: ${r.scenario.protectedWorkers} pekerja / workers, ${r.scenario.months} bulan / months, ${rp(r.scenario.totalRupiah)}`,
          `Selisih / difference: ${r.extraWorkers >= 0 ? '+' : ''}${r.extraWorkers} pekerja / workers, ${rp(r.extraRupiah)}`,
        ].join('\n'),
      );
    });

  withPeriod(plan.command('budget-needed').description('The least extra Rupiah on one source to protect a target number of workers'))
    .requiredOption('--source <id>', 'source that receives the extra money')
    .requiredOption('--target <workers>', 'target number of protected workers')
    .action(async (o: PeriodOpts & { source: string; target: string }) => {
      const r = await withDb(async (db) =>
        budgetNeeded(db, await actorFor(db, o.as), { ...periodOf(o), sourceId: int('--source', o.source), targetWorkers: int('--target', o.target) }),
      );
      print(
        o.json,
        r,
        [
          r.baseline
            ? `Sudah didanai / already funded: rencana / plan #${r.baseline.planId}, ${r.baseline.workers} pekerja / workers, ${rp(r.baseline.rupiah)}`
            : 'Belum ada rencana disetujui / no approved plan yet',
          `Terlindungi dengan dana kini / protected with today's money: ${r.currentWorkers}; target (total terlindungi / total protected): ${r.targetWorkers}; ` +
            `selisih / difference: ${Math.max(0, r.targetWorkers - r.currentWorkers)}`,
          r.reachable
            ? `Tambahan dana / extra money: ${rp(r.extraRupiah ?? 0)}`
            : `Target tidak tercapai / not reachable: paling banyak / at most ${r.maxWorkers} pekerja memenuhi syarat / eligible workers`,
        ].join('\n'),
      );
    });

  plan
    .command('double-funding')
    .description('Workers funded twice for the same months, with the Rupiah at stake')
    .option('--year <year>', 'fiscal year')
    .option('--as <username>', 'act as this user')
    .option('--json', 'machine-readable output')
    .action(async (o: { year?: string; as?: string; json?: boolean }) => {
      const r = await withDb(async (db) => doubleFunding(db, await actorFor(db, o.as), { fiscalYear: o.year ? int('--year', o.year) : undefined }));
      print(
        o.json,
        r,
        [
          `${r.total} pendanaan ganda / double fundings, ${rp(r.rupiahAtStake)} dipertaruhkan / at stake`,
          ...r.items.map(
            (x) =>
              `  ${x.nik} ${x.fullName}: #${x.planA.id} ${x.planA.source} & #${x.planB.id} ${x.planB.source}, ${x.overlapMonths} bulan / months, ${rp(x.rupiahAtStake)}`,
          ),
        ].join('\n'),
      );
    });

  plan
    .command('export <id>')
    .description('Export a plan: --pdf summary or --xlsx worker list (audit-logged)')
    .requiredOption('--out <file>', 'output file (.pdf or .xlsx)')
    .option('--as <username>', 'act as this user')
    .action(async (id: string, o: { out: string; as?: string }) => {
      await withDb(async (db) => {
        const actor = await actorFor(db, o.as);
        const plan = await getPlan(db, actor, int('id', id));
        await toFile(o.out, (out) => (o.out.toLowerCase().endsWith('.pdf') ? writePlanPdf(db, actor, plan, out) : writePlanWorkbook(db, actor, plan, out)));
      });
      io.out(`${o.out}\n`);
    });
}

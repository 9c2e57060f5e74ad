import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { formatRupiah } from '../domain/money.js';
import { advanceClaim, getIncident, listClaims, reportIncident, type IncidentView } from '../modules/claims/claims.service.js';
import { addHeir } from '../modules/claims/heirs.service.js';
import { actorFor } from './actor.js';
import { print } from './output.js';
import { int } from './args.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');

function incidentText(i: IncidentView): string {
  return [
    `Kejadian / incident #${i.id} ${i.kind} ${i.occurredOn} — ${i.participant.fullName} (${i.participant.nik})`,
    `  hak / entitled: ${i.entitlement.entitled} — ${i.entitlement.reason.id} / ${i.entitlement.reason.en}`,
    ...i.claims.flatMap((c) => [
      `  klaim / claim #${c.id} ${c.benefit} [${c.status}]${c.dueOn ? ` batas / due ${c.dueOn}${c.overdue ? ' TERLAMBAT / OVERDUE' : ''}` : ''}: ${formatRupiah(c.computedAmount)}` +
        (c.paidAmount !== null
          ? `; dibayar / paid ${formatRupiah(c.paidAmount)}${c.difference ? ` (selisih / difference ${formatRupiah(c.difference)})` : ''}`
          : ''),
      ...c.lines.map((l) => `    ${l.label.id}: ${formatRupiah(l.amount)} — ${l.rule} (${l.legalBasis})`),
    ]),
    ...i.heirs.map((h) => `  ahli waris / heir ${h.relation} (${h.rank})${h.receives ? ' menerima / receives' : ''}: ${h.fullName} ${h.nik ?? ''}`),
  ].join('\n');
}

/** `jaring claims …`: the same services as the API — report, show, list, move a claim, add an heir. */
export function registerClaimsCommands(program: Command, withDb: WithDb): void {
  const claims = program.command('claims').description('Incidents, claims and heirs (JKK, JKM, scholarships)');

  common(
    claims
      .command('report')
      .description('Report an incident: entitlement on the day and the claims it opens')
      .option('--participant <id>')
      .option('--nik <nik>')
      .requiredOption('--kind <kind>', 'death, work_death, work_accident, commuting_accident, occupational_disease, permanent_disability')
      .requiredOption('--on <YYYY-MM-DD>', 'the day it happened')
      .option('--place <text>')
      .option('--stmb-months <n>', 'months unable to work, for a work accident'),
  ).action(async (o: Common & { participant?: string; nik?: string; kind: string; on: string; place?: string; stmbMonths?: string }) => {
    const i = await withDb(async (db) =>
      reportIncident(db, await actorFor(db, o.as), {
        participantId: o.participant ? int('--participant', o.participant) : undefined,
        nik: o.nik,
        kind: o.kind,
        occurredOn: o.on,
        place: o.place,
        stmbMonths: o.stmbMonths ? int('--stmb-months', o.stmbMonths) : undefined,
      }),
    );
    print(o.json, i, incidentText(i));
  });

  common(claims.command('show <incident>').description('An incident, its claims and heirs')).action(async (id: string, o: Common) => {
    const i = await withDb(async (db) => getIncident(db, await actorFor(db, o.as), int('incident', id)));
    print(o.json, i, incidentText(i));
  });

  common(claims.command('list').description('Claims in your region').option('--status <s>').option('--overdue')).action(
    async (o: Common & { status?: string; overdue?: boolean }) => {
      const r = await withDb(async (db) => listClaims(db, await actorFor(db, o.as), { status: o.status, overdue: o.overdue }));
      print(
        o.json,
        r,
        r.items
          .map(
            (c) =>
              `#${c.id} ${c.benefit} [${c.status}] ${c.participant.fullName} ${c.occurredOn} ${formatRupiah(c.computedAmount)}${c.overdue ? ' TERLAMBAT' : ''}`,
          )
          .join('\n') || 'Tidak ada klaim / no claims',
      );
    },
  );

  common(
    claims
      .command('advance <claim>')
      .description('Move a claim one step: verified, submitted, paid, rejected, expired')
      .requiredOption('--to <status>')
      .requiredOption('--version <n>', 'the version you saw (optimistic locking)')
      .option('--paid-amount <rupiah>')
      .option('--paid-on <YYYY-MM-DD>')
      .option('--reference <text>')
      .option('--reason <text>'),
  ).action(async (id: string, o: Common & { to: string; version: string; paidAmount?: string; paidOn?: string; reference?: string; reason?: string }) => {
    const i = await withDb(async (db) =>
      advanceClaim(db, await actorFor(db, o.as), int('claim', id), {
        to: o.to,
        version: int('--version', o.version),
        paidAmount: o.paidAmount ? int('--paid-amount', o.paidAmount) : undefined,
        paidOn: o.paidOn,
        reference: o.reference,
        reason: o.reason,
      }),
    );
    print(o.json, i, incidentText(i));
  });

  common(
    claims
      .command('heir <incident>')
      .description('Record an heir (the legal order decides who receives)')
      .requiredOption('--relation <r>', 'spouse, child, parent, grandchild, grandparent, sibling, parent_in_law, will')
      .requiredOption('--name <text>')
      .option('--nik <nik>')
      .option('--bank <name>')
      .option('--account <digits>'),
  ).action(async (id: string, o: Common & { relation: string; name: string; nik?: string; bank?: string; account?: string }) => {
    const i = await withDb(async (db) =>
      addHeir(db, await actorFor(db, o.as), int('incident', id), {
        relation: o.relation,
        fullName: o.name,
        nik: o.nik,
        bankName: o.bank,
        bankAccount: o.account,
      }),
    );
    print(o.json, i, incidentText(i));
  });
}

import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { loadConfig } from '../config.js';
import { formatRupiah } from '../domain/money.js';
import { formatOf } from '../files/readers.js';
import { AppError } from '../errors.js';
import { createDonor, lapsedDonors, listDonors } from '../modules/donors/donors.service.js';
import { createSponsorship } from '../modules/donors/sponsorships.service.js';
import { confirmDonation, importStatement } from '../modules/donors/payments.service.js';
import { assignPool, refundSponsorship } from '../modules/donors/pools.service.js';
import { receiptWriter, runDonorsDaily } from '../modules/donors/donor-space.service.js';
import { actorFor } from './actor.js';
import { print } from './output.js';
import { int, optInt, toFile } from './args.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');

/** `jaring donors …`: donors, sponsorships, payments, bank statements, pools, refunds, lapsed donors, the daily job — the services the API calls. */
export function registerDonorCommands(program: Command, withDb: WithDb): void {
  const donors = program.command('donors').description('Donors (Sertakan Cinta, GN Lingkaran): sponsorships, payments, bank statements, pools');

  common(
    donors
      .command('list')
      .description('Donors of your region with what they paid')
      .option('--search <text>')
      .option('--kind <kind>', 'civil_servant | citizen | company'),
  ).action(async (o: Common & { search?: string; kind?: string }) => {
    const r = await withDb(async (db) => listDonors(db, await actorFor(db, o.as), { search: o.search, kind: o.kind }));
    print(
      o.json,
      r,
      [
        `${r.total} donatur / donors`,
        ...r.items.map((d) => `  #${d.id} ${d.name} (${d.kind}) ${d.email} — ${formatRupiah(d.paid ?? 0)}, ${d.workers ?? 0} pekerja`),
      ].join('\n'),
    );
  });

  common(
    donors
      .command('add')
      .description('Record a donor; they are sent a link to set their password')
      .requiredOption('--kind <kind>', 'civil_servant | citizen | company')
      .requiredOption('--name <name>')
      .requiredOption('--email <email>')
      .option('--regency <code>')
      .option('--nip <nip>')
      .option('--npwp <npwp>')
      .option('--contact <name>')
      .option('--phone <phone>'),
  ).action(
    async (o: Common & { kind: string; name: string; email: string; regency?: string; nip?: string; npwp?: string; contact?: string; phone?: string }) => {
      const d = await withDb(async (db) =>
        createDonor(
          db,
          await actorFor(db, o.as),
          { kind: o.kind as 'citizen', name: o.name, email: o.email, regencyCode: o.regency, nip: o.nip, npwp: o.npwp, contactName: o.contact, phone: o.phone },
          loadConfig().publicUrl,
        ),
      );
      print(o.json, d, `Donatur / donor #${d.id} ${d.name} (${d.regencyName})`);
    },
  );

  common(
    donors
      .command('sponsor')
      .description('A sponsorship for a donor: a named worker (--nik …, with the consent) or a pool (--pool N)')
      .requiredOption('--donor <id>')
      .requiredOption('--months <n>', '3, 6 or 12')
      .requiredOption('--from <yyyy-mm>')
      .option('--pool <workers>')
      .option('--area <code>', 'a district or village the pool should go near')
      .option('--nik <nik>')
      .option('--name <name>')
      .option('--birth <yyyy-mm-dd>')
      .option('--village <code>')
      .option('--sector <code>')
      .option('--consent-by <name>')
      .option('--consent-method <how>', 'in_person | phone | written | message')
      .option('--consent-at <yyyy-mm-dd>'),
  ).action(async (o: Common & Record<string, string | undefined>) => {
    const base = { donorId: int('--donor', o.donor), months: int('--months', o.months), monthFrom: o.from ?? '' };
    const input = o.pool
      ? { ...base, kind: 'pool' as const, workersWanted: int('--pool', o.pool), areaCode: o.area }
      : {
          ...base,
          kind: 'named' as const,
          worker: { nik: o.nik ?? '', fullName: o.name ?? '', birthDate: o.birth ?? '', villageCode: o.village ?? '', sectorCode: o.sector ?? 'other' },
          consent: { by: o.consentBy, method: o.consentMethod as 'in_person' | undefined, at: o.consentAt },
        };
    const s = await withDb(async (db) => createSponsorship(db, await actorFor(db, o.as), input));
    print(o.json, s, `Sponsor #${s.id}: ${formatRupiah(s.amount)}, kode bayar / payment code ${s.donations[0]?.paymentCode ?? ''}`);
  });

  common(
    donors
      .command('pay <donation>')
      .description('Confirm that a donation was paid (the amount must be the one expected)')
      .requiredOption('--amount <rupiah>')
      .requiredOption('--reference <ref>')
      .option('--on <yyyy-mm-dd>'),
  ).action(async (donation: string, o: Common & { amount: string; reference: string; on?: string }) => {
    const d = await withDb(async (db) =>
      confirmDonation(db, await actorFor(db, o.as), int('donation', donation), { amount: int('--amount', o.amount), reference: o.reference, paidOn: o.on }),
    );
    print(o.json, d, `Donasi / donation #${d.id} dibayar / paid, kuitansi / receipt ${d.receiptNumber}`);
  });

  common(
    donors.command('statement <file>').description("Import a bank statement (the bank's CSV/XLSX, or MT940 .sta/.940) and match it by payment code and amount"),
  ).action(async (file: string, o: Common) => {
    const lower = file.toLowerCase();
    const format = /\.(sta|940|mt940)$/.test(lower) ? ('mt940' as const) : formatOf(file);
    if (!format) throw new AppError('validation', { id: 'Berkas harus .csv, .xlsx, .sta atau .940', en: 'The file must be .csv, .xlsx, .sta or .940' });
    const r = await withDb(async (db) => importStatement(db, await actorFor(db, o.as), { path: file, name: file.split('/').pop()!, format }));
    print(o.json, r, `Rekening koran / statement #${r.statementId}: ${r.lines} baris, ${r.matched} cocok / matched, ${r.open} perlu keputusan / to decide`);
  });

  common(donors.command('assign <sponsorship>').description('Assign a paid pool to uncovered eligible workers by the regency’s priorities')).action(
    async (id: string, o: Common) => {
      const s = await withDb(async (db) => assignPool(db, await actorFor(db, o.as), int('sponsorship', id)));
      print(o.json, s, `Sponsor #${s.id}: ${s.assigned} pekerja ditempatkan / workers assigned (${formatRupiah(s.assignedAmount)})`);
    },
  );

  common(donors.command('refund <sponsorship>').description('Refund what a sponsorship did not spend').requiredOption('--reference <ref>')).action(
    async (id: string, o: Common & { reference: string }) => {
      const s = await withDb(async (db) => refundSponsorship(db, await actorFor(db, o.as), int('sponsorship', id), { reference: o.reference }));
      print(o.json, s, `Sponsor #${s.id}: ${s.statusNote}`);
    },
  );

  common(donors.command('lapsed').description('Donors who gave last year and not yet this year').option('--year <yyyy>')).action(
    async (o: Common & { year?: string }) => {
      const r = await withDb(async (db) => lapsedDonors(db, await actorFor(db, o.as), optInt('--year', o.year)));
      print(
        o.json,
        r,
        [
          `${r.items.length} donatur berhenti / lapsed donors (${r.year})`,
          ...r.items.map((d) => `  #${d.id} ${d.name} ${d.email} — ${formatRupiah(d.lastYear)}`),
        ].join('\n'),
      );
    },
  );

  common(donors.command('receipt <donation>').description('Write the receipt of a paid donation (PDF)').requiredOption('--out <file.pdf>')).action(
    async (id: string, o: Common & { out: string }) => {
      await withDb(async (db) => {
        const write = await receiptWriter(db, await actorFor(db, o.as), int('donation', id));
        await toFile(o.out, write);
      });
      print(o.json, { file: o.out }, `Kuitansi / receipt: ${o.out}`);
    },
  );

  common(donors.command('daily').description('Reminders before sponsorships end; used links purged').option('--as-of <yyyy-mm-dd>')).action(
    async (o: Common & { asOf?: string }) => {
      const r = await withDb(async (db) => runDonorsDaily(db, loadConfig().publicUrl, o.asOf));
      print(o.json, r, `${r.reminded} pengingat / reminders (${r.asOf})`);
    },
  );
}

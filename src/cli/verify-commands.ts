import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatOf } from '../files/readers.js';
import { exportBpjsCheck, importBpjsAnswer } from '../modules/verification/bpjs-check.service.js';
import type { WithDb } from './program.js';
import { AppError } from '../errors.js';
import { problem } from '../domain/problem.js';
import { findWorkerByNik } from '../modules/workers/workers.repository.js';
import { createRound, getRound, listRounds, recordVerdict, signOff, type RoundView } from '../modules/verification/verification.service.js';
import { remindVillages } from '../modules/verification/reminders.service.js';
import { loadConfig } from '../config.js';
import { actorFor } from './actor.js';
import { print } from './output.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');
const n = (x: number) => x.toLocaleString('id-ID');
const describe = (r: RoundView) =>
  [
    `#${r.id} ${r.name} — ${r.status === 'open' ? 'terbuka / open' : `disahkan / signed off by ${r.signedOffBy}`}: ${n(r.done)} dari ${n(r.total)} diverifikasi`,
    ...r.villages.map(
      (v) =>
        `  ${v.villageCode} ${v.villageName}: ${n(v.total - v.pending)}/${n(v.total)} (sesuai ${n(v.confirmed)}, diperbaiki ${n(v.corrected)}, ditolak ${n(v.rejected)})${v.notStarted ? ' — BELUM MULAI / NOT STARTED' : ''}`,
    ),
  ].join('\n');

/** `jaring verify …`: field verification rounds over the same services as the web (issue 16.1). */
export function registerVerifyCommands(program: Command, withDb: WithDb): void {
  const verify = program.command('verify').description('Field verification rounds: open, follow per village, record verdicts, sign off');

  common(
    verify
      .command('open')
      .description("Open a round over a plan's funded workers or the workers under some regions")
      .requiredOption('--name <name>')
      .option('--plan <id>')
      .option('--region <codes>', 'comma-separated district or village codes')
      .option('--sector <code>')
      .option('--decile-max <n>')
      .option('--due <YYYY-MM-DD>'),
  ).action(async (o: Common & { name: string; plan?: string; region?: string; sector?: string; decileMax?: string; due?: string }) => {
    const r = await withDb(async (db) =>
      createRound(db, await actorFor(db, o.as), {
        name: o.name,
        planId: o.plan ? Number(o.plan) : undefined,
        regions: o.region ? o.region.split(',').map((s) => s.trim()) : undefined,
        sector: o.sector ?? null,
        decileMax: o.decileMax ? Number(o.decileMax) : null,
        dueOn: o.due ?? null,
      }),
    );
    print(o.json, r, describe(r));
  });

  common(verify.command('list').description('Rounds of your region with their progress')).action(async (o: Common) => {
    const rounds = await withDb(async (db) => listRounds(db, await actorFor(db, o.as)));
    print(o.json, rounds, rounds.length === 0 ? 'Belum ada putaran verifikasi / no verification round' : rounds.map(describe).join('\n'));
  });

  common(verify.command('show <id>').description('Progress of a round per village')).action(async (id: string, o: Common) => {
    const r = await withDb(async (db) => getRound(db, await actorFor(db, o.as), Number(id)));
    print(o.json, r, describe(r));
  });

  common(
    verify
      .command('record <id>')
      .description("A village's verdict on one of its workers")
      .requiredOption('--nik <nik>')
      .requiredOption('--verdict <v>', 'confirmed, corrected or rejected')
      .option('--reason <r>', 'when rejected: died, moved, wage_earner, not_informal, not_found, duplicate, other')
      .option('--sector <code>', 'corrected sector')
      .option('--phone <number>', 'corrected phone')
      .option('--note <text>'),
  ).action(async (id: string, o: Common & { nik: string; verdict: string; reason?: string; sector?: string; phone?: string; note?: string }) => {
    const item = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      if (!/^\d{16}$/.test(o.nik)) throw AppError.validation([problem('nik', 'format', 'NIK harus 16 angka', 'The NIK must be 16 digits')]);
      const worker = await findWorkerByNik(db, o.nik);
      if (!worker) throw new AppError('not_found', { id: 'NIK tidak ada dalam putaran ini di desa Anda', en: 'This NIK is not in the round in your village' });
      return recordVerdict(db, actor, Number(id), {
        workerId: worker.id,
        verdict: o.verdict,
        reason: o.reason,
        sectorCode: o.sector,
        phone: o.phone,
        note: o.note,
      });
    });
    print(o.json, item, `${item.fullName}: ${item.verdict}${item.reason ? ` (${item.reason})` : ''}`);
  });

  common(verify.command('sign-off <id>').description('Sign a round off (not its maker); corrections reach the registry').option('--note <text>')).action(
    async (id: string, o: Common & { note?: string }) => {
      const r = await withDb(async (db) => signOff(db, await actorFor(db, o.as), Number(id), o.note ?? ''));
      print(o.json, r, describe(r));
    },
  );

  common(verify.command('remind <id>').description('E-mail the operators of villages that have not started (queued in the outbox)')).action(
    async (id: string, o: Common) => {
      const r = await withDb(async (db) => remindVillages(db, await actorFor(db, o.as), Number(id), loadConfig().publicUrl));
      print(
        o.json,
        r,
        `${r.villages} desa diingatkan, ${r.messages} e-mail masuk antrean` +
          (r.withoutEmail.length ? `; tanpa e-mail operator: ${r.withoutEmail.join(', ')}` : ''),
      );
    },
  );

  common(
    verify
      .command('bpjs-file <id>')
      .description("The BPJS check: write the round's NIKs for the branch (.xlsx or .csv)")
      .requiredOption('--out <file>', 'output file'),
  ).action(async (id: string, o: Common & { out: string }) => {
    const rows = await withDb(async (db) => {
      const file = await exportBpjsCheck(db, await actorFor(db, o.as), Number(id), o.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
      const out = createWriteStream(o.out);
      const closed = new Promise<void>((res, rej) => out.on('close', () => res()).on('error', rej));
      await file.write(out);
      await closed;
      return file.rows;
    });
    print(o.json, { file: o.out, rows }, `${o.out}: ${rows} NIK`);
  });

  common(verify.command('bpjs-answer <id> <file>').description("Import the branch's answer (NIK, SEGMEN, KPJ, STATUS), all or nothing")).action(
    async (id: string, file: string, o: Common) => {
      const format = formatOf(file);
      if (!format) throw AppError.validation([problem('file', 'file_format', `Berkas "${file}" bukan CSV atau XLSX`, `File "${file}" is not CSV or XLSX`)]);
      const r = await withDb(async (db) => importBpjsAnswer(db, await actorFor(db, o.as), Number(id), { path: resolve(file), format }));
      print(
        o.json,
        r,
        `${r.rows} baris: ${r.wageEarners} sudah PU, ${r.protectedElsewhere} sudah BPU di luar program, ${r.ours} peserta program ini, ${r.notParticipants} bukan peserta aktif (berlaku setelah pengesahan)`,
      );
    },
  );
}

import { listDemoUsers } from '../modules/users/users.repository.js';
import '../runtime.js';
import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { openDb } from '../db/connect.js';
import { migrate, pendingMigrations } from '../db/migrate.js';
import { AppError } from '../errors.js';
import { SYSTEM_ACTOR } from '../actor.js';
import { startServer } from '../server.js';
import { seedDemo, DEMO_PASSWORD } from '../modules/demo/seed-demo.service.js';
import { seedDemoEnrolment } from '../modules/demo/seed-enrolment.js';
import { createUser, listUsers } from '../modules/users/users.service.js';
import { ROLES } from '../domain/roles.js';
import type { Db } from '../db/db.js';
import { readStdin, print, printError } from './output.js';
import { registerImportCommands } from './import-commands.js';
import { registerPlanCommands } from './plan-commands.js';
import { registerEnrolCommands } from './enrol-commands.js';
import { registerCoverageCommands } from './coverage-commands.js';

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(loadConfig());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const program = new Command('jaring').description('Jaring — perlindungan jaminan sosial ketenagakerjaan pekerja rentan').showHelpAfterError();

program
  .command('serve')
  .description('Migrate, seed the demo on first start of an empty embedded database, and serve the web app and API')
  .option('--port <port>', 'port (default 3000 or $PORT)')
  .option('--no-seed', 'do not seed demo data on first start')
  .action(async (opts: { port?: string; seed: boolean }) => {
    const config = loadConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
    const started = await startServer(config, { seedIfEmpty: opts.seed });
    const lines = [
      `Jaring berjalan di / is running at ${started.url}`,
      `Database: ${started.db.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
    ];
    if (started.applied.length > 0) lines.push(`Migrasi diterapkan / migrations applied: ${started.applied.join(', ')}`);
    if (started.seeded) {
      lines.push(`Data demo SINTETIS / SYNTHETIC demo data: ${started.seeded.workersCreated} pekerja di ${started.seeded.regency.name}`);
    }
    const demoUsers = await listDemoUsers(started.db);
    if (demoUsers.length > 0) {
      lines.push(`Akun demo / demo logins (kata sandi / password: ${DEMO_PASSWORD}):`);
      for (const u of demoUsers) lines.push(`  ${u.username.padEnd(14)} ${u.role}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    const stop = async () => {
      await started.app.close();
      await started.db.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });

const db = program.command('db').description('Database schema');
db.command('migrate')
  .description('Apply pending migrations')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const applied = await withDb((d) => migrate(d));
    print(opts.json, { applied }, applied.length ? `Diterapkan / applied: ${applied.join(', ')}` : 'Tidak ada migrasi tertunda / no pending migrations');
  });
db.command('check')
  .description('Report pending migrations (exit code 1 when some are pending)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const pending = await withDb((d) => pendingMigrations(d));
    print(
      opts.json,
      { pending, upToDate: pending.length === 0 },
      pending.length ? `Tertunda / pending: ${pending.join(', ')}` : 'Skema mutakhir / schema up to date',
    );
    if (pending.length > 0) process.exitCode = 1;
  });

const users = program.command('users').description('User accounts');
users
  .command('create')
  .description('Create an account (password from --password-stdin or $JARING_PASSWORD)')
  .requiredOption('--username <name>')
  .requiredOption('--full-name <name>')
  .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
  .option('--region <code>', 'region scope (omit for national)')
  .option('--password-stdin', 'read the password from standard input')
  .option('--json', 'machine-readable output')
  .action(async (opts: { username: string; fullName: string; role: string; region?: string; passwordStdin?: boolean; json?: boolean }) => {
    const password = opts.passwordStdin ? (await readStdin()).trim() : (process.env.JARING_PASSWORD ?? '');
    const user = await withDb(async (d) => {
      await migrate(d);
      return createUser(d, SYSTEM_ACTOR, { username: opts.username, fullName: opts.fullName, password, role: opts.role, regionCode: opts.region ?? null });
    });
    print(opts.json, user, `Akun dibuat / account created: ${user.username} (${user.role}, ${user.regionCode ?? 'nasional'})`);
  });
users
  .command('list')
  .description('List accounts')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const list = await withDb((d) => listUsers(d, SYSTEM_ACTOR));
    print(opts.json, list, list.map((u) => `${u.username.padEnd(20)} ${u.role.padEnd(18)} ${u.regionCode ?? 'nasional'}`).join('\n'));
  });

program
  .command('seed-demo')
  .description('Create demo accounts and a SYNTHETIC population of a real regency (default Kabupaten Jember, 35.09)')
  .option('--regency <code>', 'regency/city code', '35.09')
  .option('--workers <n>', 'number of synthetic workers', '20000')
  .option('--seed <n>', 'random seed', '3509')
  .option('--with-enrolment', 'also a 2026 plan, BPJS batch, answers, invoices and payments (as on first start)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { regency: string; workers: string; seed: string; withEnrolment?: boolean; json?: boolean }) => {
    const workers = Number(opts.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 5_000_000) {
      throw new AppError('validation', { id: '--workers harus bilangan bulat 0–5.000.000', en: '--workers must be an integer 0–5,000,000' });
    }
    const result = await withDb(async (d) => {
      await migrate(d);
      const seeded = await seedDemo(d, { regency: opts.regency, workers, seed: Number(opts.seed) });
      if (opts.withEnrolment) await seedDemoEnrolment(d);
      return seeded;
    });
    print(
      opts.json,
      result,
      `${result.regency.name}: ${result.usersCreated} akun baru / new accounts, ${result.workersCreated} pekerja sintetis / synthetic workers\n` +
        `Kata sandi demo / demo password: ${result.password}\n` +
        result.logins.map((l) => `  ${l.username.padEnd(14)} ${l.role.padEnd(18)} ${l.regionCode ?? 'nasional'}`).join('\n'),
    );
  });

registerImportCommands(program, withDb);
registerPlanCommands(program, withDb);
registerEnrolCommands(program, withDb);
registerCoverageCommands(program, withDb);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  printError(err);
  process.exitCode = 1;
}

import { listDemoUsers } from '../modules/users/users.repository.js';
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
import { io, processIo, readStdin, print, printError, useIo, type CliIo } from './output.js';
import { JobRunner } from '../modules/jobs/runner.js';
import type { JobPerformer } from '../modules/jobs/jobs.service.js';
import { registerImportCommands } from './import-commands.js';
import { registerPlanCommands } from './plan-commands.js';
import { registerEnrolCommands } from './enrol-commands.js';
import { registerCoverageCommands } from './coverage-commands.js';
import { registerClaimsCommands } from './claims-commands.js';
import { registerClaimsExchangeCommands } from './claims-exchange-commands.js';
import { registerDonorCommands } from './donor-commands.js';
import { registerReportCommands } from './report-commands.js';
import { registerVerifyCommands } from './verify-commands.js';
import { registerRegistryCommands } from './registry-commands.js';

export type WithDb = <T>(fn: (db: Db, jobs: JobPerformer) => Promise<T>) => Promise<T>;

export interface CliOptions {
  /** Where output goes (a test's buffers); the process's streams by default. */
  io?: CliIo;
  /** The environment the configuration is read from. */
  env?: NodeJS.ProcessEnv;
  /** An open database to use instead of opening one per command (in-process tests); never closed here. */
  db?: Db;
}

/**
 * Runs one `jaring` command and returns its exit code. The executable calls it with the process's
 * arguments; tests call it in-process with their own database and buffers (no process spawned).
 */
export async function runCli(argv: readonly string[], opts: CliOptions = {}): Promise<number> {
  const previous = io;
  const out = opts.io ?? processIo();
  out.exitCode = 0;
  useIo(out);
  const env = opts.env ?? process.env;
  const withDb: WithDb = async (fn) => {
    const config = loadConfig(env);
    const db = opts.db ?? (await openDb(config));
    // Jobs a command waits for (an import, a billing run) run in this process, recorded in the jobs table.
    const jobs = new JobRunner({ db, config }, { pollMs: config.jobPollMs, concurrency: 1, schedules: false, staleSeconds: 120 });
    try {
      return await fn(db, jobs);
    } finally {
      if (!opts.db) await db.close();
    }
  };
  const program = buildProgram(withDb, env);
  program.exitOverride();
  program.configureOutput({ writeOut: (t) => out.out(t), writeErr: (t) => out.err(t) });
  try {
    await program.parseAsync(['node', 'jaring', ...argv]);
  } catch (err) {
    const code = (err as { code?: string; exitCode?: number }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      if (code !== 'commander.helpDisplayed' && code !== 'commander.version') out.exitCode = (err as { exitCode?: number }).exitCode || 1;
    } else {
      printError(err);
      out.exitCode = 1;
    }
  } finally {
    useIo(previous);
  }
  return out.exitCode;
}

function buildProgram(withDb: WithDb, env: NodeJS.ProcessEnv): Command {
  const program = new Command('jaring').description('Jaring — perlindungan jaminan sosial ketenagakerjaan pekerja rentan').showHelpAfterError();

  program
    .command('serve')
    .description('Migrate, seed the demo on first start of an empty embedded database, and serve the web app and API')
    .option('--port <port>', 'port (default 3000 or $PORT)')
    .option('--no-seed', 'do not seed demo data on first start')
    .action(async (opts: { port?: string; seed: boolean }) => {
      const config = loadConfig(opts.port ? { ...env, PORT: opts.port } : env);
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
      io.out(lines.join('\n') + '\n');
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
      if (pending.length > 0) io.exitCode = 1;
    });

  const users = program.command('users').description('User accounts');
  users
    .command('create')
    .description('Create an account (password from --password-stdin or $JARING_PASSWORD)')
    .requiredOption('--username <name>')
    .requiredOption('--full-name <name>')
    .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
    .option('--region <code>', 'region scope (omit for national)')
    .option('--email <address>', 'where reminders reach the account (optional)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'machine-readable output')
    .action(async (opts: { username: string; fullName: string; role: string; region?: string; email?: string; passwordStdin?: boolean; json?: boolean }) => {
      const password = opts.passwordStdin ? (await readStdin()).trim() : (env.JARING_PASSWORD ?? '');
      const user = await withDb(async (d) => {
        await migrate(d);
        return createUser(d, SYSTEM_ACTOR, {
          username: opts.username,
          fullName: opts.fullName,
          password,
          role: opts.role,
          regionCode: opts.region ?? null,
          email: opts.email ?? null,
        });
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
  registerClaimsCommands(program, withDb);
  registerClaimsExchangeCommands(program, withDb);
  registerDonorCommands(program, withDb);
  registerReportCommands(program, withDb);
  registerVerifyCommands(program, withDb);
  registerRegistryCommands(program, withDb);
  return program;
}

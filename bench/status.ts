/**
 * npm run bench:status — the public status check (POST /api/v1/public/status) under load, against a
 * bare Fastify POST route measured in the same run with the same load generator (autocannon, its own
 * process). Citizens come from many addresses (X-Forwarded-For through a trusted proxy), 90 % with a
 * right NIK/KPJ pair and 10 % with a wrong KPJ. Prints throughput, p50/p99 latency and the ratio;
 * never passes or fails.
 *
 *   npm run bench:status -- --db postgres|pglite|both --participants 200000 --seconds 10 --connections 20 [--profile]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const which = arg('db', 'postgres');
const participants = Number(arg('participants', '200000'));
const seconds = Number(arg('seconds', '10'));
const connections = Number(arg('connections', '20'));

function startServer(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  // --profile: the Jaring server writes a V8 CPU profile to .tmp/profile when it is stopped.
  const profile = process.argv.includes('--profile') && args[0] !== 'bare' ? ['--cpu-prof', '--cpu-prof-dir', '.tmp/profile'] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/status-server.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

let seq = 0;
function body(): string {
  // Worker i has NIK 3509000000000000 + i and KPJ i on 11 digits (bench/populate.ts).
  const i = 1 + Math.floor(Math.random() * participants);
  const wrong = seq++ % 10 === 9;
  return JSON.stringify({ nik: String(3509000000000000 + i), kpj: String(wrong ? i + 1 : i).padStart(11, '0') });
}

async function load(port: number, path = '/api/v1/public/status'): Promise<autocannon.Result> {
  const run = (duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration,
      requests: [
        {
          method: path.endsWith('/health') ? 'GET' : 'POST',
          path,
          setupRequest: (req) => ({
            ...req,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${seq % 250}.${(seq >> 8) % 250}.${(seq >> 16) % 250}` },
            body: body(),
          }),
        },
      ],
    });
  await run(2); // warm-up
  return run(seconds);
}

const summary = (r: autocannon.Result) => ({
  reqPerSec: Math.round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const bare = await startServer(['bare']);
const baseline = summary(await load(bare.port));
bare.child.kill();
console.log(JSON.stringify({ baseline: 'bare Fastify POST', ...baseline }));
for (const kind of which === 'both' ? ['postgres', 'pglite'] : [which]) {
  const s = await startServer(['jaring', kind, String(participants)]);
  // The ceiling of Jaring's own HTTP stack in the same process: GET /health passes every hook a public route
  // does (security headers, cookies, session, guard, schema) and touches no database.
  const health = summary(await load(s.port, '/api/v1/health'));
  console.log(
    JSON.stringify({
      db: kind,
      route: 'GET /api/v1/health (same stack, no database)',
      ...health,
      shareOfBaseline: +(health.reqPerSec / baseline.reqPerSec).toFixed(3),
    }),
  );
  const r = summary(await load(s.port));
  s.child.kill();
  console.log(
    JSON.stringify({
      db: kind,
      participants,
      ...r,
      shareOfBaseline: +(r.reqPerSec / baseline.reqPerSec).toFixed(3),
      shareOfHealth: +(r.reqPerSec / health.reqPerSec).toFixed(3),
      load: loadavg()[0]!.toFixed(2),
    }),
  );
}

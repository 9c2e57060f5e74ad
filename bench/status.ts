/**
 * npm run bench:status — the public status check (POST /api/v1/public/status) under load, against a
 * bare Fastify POST route measured in the same run with the same load generator (autocannon, in this process;
 * each server in a process of its own). Citizens come from many addresses (X-Forwarded-For through a trusted proxy), 90 % with a
 * right NIK/KPJ pair and 10 % with a wrong KPJ. Prints throughput, p50/p99 latency and the ratio, round by
 * round (baseline, Jaring's /health, the check, in turn) and the median over the rounds;
 * never passes or fails.
 *
 *   npm run bench:status -- --db postgres|pglite|both --participants 200000 --seconds 10 --connections 20 --rounds 3 [--profile]
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
const rounds = Number(arg('rounds', '3'));

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

async function load(port: number, path = '/api/v1/public/status', duration = seconds): Promise<autocannon.Result> {
  return autocannon({
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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = (a: number, b: number) => +(a / b).toFixed(3);
const spread = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

// The bare baseline and Jaring's two routes are loaded in turn, round after round, each round's ratios
// taken against the baseline measured just before: this machine's speed drifts by a factor of two over
// minutes, so one baseline at the start compared with a run minutes later measures the drift as much as Jaring.
const bare = await startServer(['bare']);
await load(bare.port, undefined, 2); // warm-up
for (const kind of which === 'both' ? ['postgres', 'pglite'] : [which]) {
  const s = await startServer(['jaring', kind, String(participants)]);
  await load(s.port, '/api/v1/health', 2);
  await load(s.port, undefined, 2);
  const statusRatios: number[] = [];
  const healthRatios: number[] = [];
  let last: ReturnType<typeof summary> | null = null;
  for (let round = 1; round <= rounds; round++) {
    const baseline = summary(await load(bare.port));
    // The ceiling of Jaring's own HTTP stack in the same process: GET /health passes every hook a public route
    // does (security headers, cookies, session, guard, schema) and touches no database.
    const health = summary(await load(s.port, '/api/v1/health'));
    const r = (last = summary(await load(s.port)));
    statusRatios.push(ratio(r.reqPerSec, baseline.reqPerSec));
    healthRatios.push(ratio(health.reqPerSec, baseline.reqPerSec));
    console.log(
      JSON.stringify({
        db: kind,
        round,
        bare: baseline,
        health,
        status: r,
        statusShareOfBare: statusRatios.at(-1),
        healthShareOfBare: healthRatios.at(-1),
        statusShareOfHealth: ratio(r.reqPerSec, health.reqPerSec),
        load: loadavg()[0]!.toFixed(2),
      }),
    );
  }
  s.child.kill();
  console.log(
    JSON.stringify({
      db: kind,
      participants,
      rounds,
      statusShareOfBare: spread(statusRatios),
      healthShareOfBare: spread(healthRatios),
      lastRoundStatus: last,
    }),
  );
}
bare.child.kill();

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { PgliteDb } from '../../src/db/pglite.js';
import type { Db } from '../../src/db/db.js';
import { captureIo } from '../helpers/cli.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';

const ALL = MIGRATIONS.map((m) => m.id);

/**
 * The `jaring` commands against a fresh embedded database, run in-process (the same `runCli` the
 * executable calls) — test/cli/process.test.ts covers the executable itself.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'jaring-cli-'));
let db: Db;
beforeAll(async () => {
  db = await PgliteDb.open({ dataDir: join(dataDir, 'pgdata') });
});
afterAll(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function jaring(args: string[], input?: string) {
  const io = captureIo(input);
  const code = await runCli(args, { io, env: { ...process.env, JARING_DATA_DIR: dataDir, DATABASE_URL: '' }, db });
  return { code, out: io.stdout, err: io.stderr };
}

describe('jaring CLI', { timeout: 120_000 }, () => {
  it('answers help with 0 and an unknown command with 1, in the same words as the executable', async () => {
    const help = await jaring(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: jaring');
    const unknown = await jaring(['no-such-command']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("unknown command 'no-such-command'");
  });

  it('reports pending migrations, migrates, then reports none', async () => {
    const before = await jaring(['db', 'check', '--json']);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.out)).toEqual({ pending: ALL, upToDate: false });
    expect(JSON.parse((await jaring(['db', 'migrate', '--json'])).out)).toEqual({ applied: ALL });
    expect(ALL.slice(0, 2)).toEqual(['0001-core', '0002-regions']);
    const after = await jaring(['db', 'check', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out)).toEqual({ pending: [], upToDate: true });
  });

  it('creates a user with the password from stdin, and refuses a wrong region in both languages', async () => {
    const ok = await jaring(
      [
        'users',
        'create',
        '--username',
        'op.jember',
        '--full-name',
        'Operator Jember',
        '--role',
        'regency_operator',
        '--region',
        '35.09',
        '--email',
        'op.jember@jemberkab.go.id',
        '--password-stdin',
        '--json',
      ],
      'kata-sandi-panjang\n',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ username: 'op.jember', role: 'regency_operator', regionCode: '35.09', email: 'op.jember@jemberkab.go.id' });
    const bad = await jaring(
      ['users', 'create', '--username', 'op.desa', '--full-name', 'Desa', '--role', 'village_operator', '--region', '35.09', '--password-stdin'],
      'kata-sandi-panjang\n',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('tidak sesuai untuk peran village_operator');
    expect(bad.err).toContain('does not fit role village_operator');
    expect(bad.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('seeds the demo and lists the accounts as JSON', async () => {
    const seeded = await jaring(['seed-demo', '--workers', '250', '--json']);
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.out)).toMatchObject({ regency: { code: '35.09', name: 'Kabupaten Jember' }, usersCreated: 8, workersCreated: 250 });
    const users = JSON.parse((await jaring(['users', 'list', '--json'])).out) as { username: string }[];
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'auditor', 'bpjs', 'desa', 'disnaker', 'kabid', 'op.jember', 'provinsi.35', 'sekretariat']);
  });

  it('plans from the command line: run, submit, maker cannot approve, checker approves, what-if and export', async () => {
    const programs = JSON.parse((await jaring(['plan', 'programs', '--as', 'disnaker', '--json'])).out) as {
      id: number;
      sources: { id: number; name: string }[];
    }[];
    expect(programs).toHaveLength(1);
    const programId = String(programs[0]!.id);
    const apbd = programs[0]!.sources.find((s) => s.name === 'APBD Kabupaten')!.id;
    const run = await jaring(['plan', 'run', '--program', programId, '--year', '2027', '--as', 'disnaker', '--json']);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.out) as { id: number; summary: { funded: number; candidates: number; engine: string } };
    expect(plan.summary.candidates).toBe(250);
    expect(plan.summary.funded).toBeGreaterThan(0);
    const text = await jaring(['plan', 'show', String(plan.id), '--as', 'disnaker']);
    expect(text.out).toContain('dilindungi / protected');
    expect((await jaring(['plan', 'submit', String(plan.id), '--as', 'disnaker'])).code).toBe(0);
    const self = await jaring(['plan', 'approve', String(plan.id), '--as', 'disnaker']);
    expect(self.code).not.toBe(0);
    expect(self.err).toContain('maker–checker');
    const ok = await jaring(['plan', 'approve', String(plan.id), '--as', 'kabid', '--note', 'Sesuai DPA', '--json']);
    expect(JSON.parse(ok.out).status).toBe('approved');
    const wi = await jaring(['plan', 'what-if', '--program', programId, '--year', '2027', '--add', `${apbd}=201600`, '--as', 'disnaker', '--json']);
    expect(JSON.parse(wi.out)).toHaveProperty('extraWorkers');
    const bad = await jaring(['plan', 'budget', '--source', String(apbd), '--year', '2027', '--amount', '12,5', '--as', 'disnaker']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('bukan bilangan bulat');
    const pdf = join(dataDir, 'plan.pdf');
    expect((await jaring(['plan', 'export', String(plan.id), '--out', pdf, '--as', 'kabid'])).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('enrolment and billing from the command line: batch, registration file, BPJS answer, invoice, payment, protection, reconciliation', async () => {
    const plans = JSON.parse((await jaring(['enrol', 'plans', '--as', 'disnaker', '--json'])).out) as { id: number; funded: number; enrolled: number }[];
    expect(plans).toHaveLength(1);
    const b = await jaring(['enrol', 'batch', '--plan', String(plans[0]!.id), '--on', '2026-12-01', '--as', 'disnaker', '--json']);
    expect(b.code).toBe(0);
    const batch = JSON.parse(b.out) as { id: number; submitted: number };
    expect(batch.submitted).toBe(plans[0]!.funded);
    const reg = join(dataDir, 'registration.csv');
    expect((await jaring(['enrol', 'export', String(batch.id), '--out', reg, '--as', 'disnaker'])).code).toBe(0);
    const niks = readFileSync(reg, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(';')[0]!);
    expect(niks).toHaveLength(batch.submitted);
    const answer = join(dataDir, 'answer.csv');
    writeFileSync(answer, ['NIK,KPJ,STATUS', ...niks.map((n, i) => `${n},${String(10000000000 + i)},DITERIMA`)].join('\n'));
    const ans = await jaring(['enrol', 'answer', String(batch.id), answer, '--on', '2026-12-20', '--as', 'bpjs', '--json']);
    expect(JSON.parse(ans.out)).toMatchObject({ accepted: batch.submitted, rejected: 0 });
    const layout = await jaring(['enrol', 'layout', '--program', '1', '--column', 'NO_KTP=nik', '--column', 'NAMA_PESERTA=fullName', '--as', 'disnaker']);
    expect(layout.out).toBe('NO_KTP = nik\nNAMA_PESERTA = fullName\n');
    const reg2 = join(dataDir, 'registration-2.csv');
    expect((await jaring(['enrol', 'export', String(batch.id), '--out', reg2, '--as', 'disnaker'])).code).toBe(0);
    expect(
      readFileSync(reg2, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0],
    ).toBe('NO_KTP;NAMA_PESERTA');
    const run = JSON.parse((await jaring(['bill', 'run', '--program', '1', '--month', '2027-01', '--as', 'disnaker', '--json'])).out) as {
      created: { id: number; total: number; lines: number }[];
    };
    expect(run.created.reduce((a, i) => a + i.lines, 0)).toBe(batch.submitted);
    expect((await jaring(['bill', 'run', '--program', '1', '--month', '2027-01', '--as', 'disnaker'])).out).toContain('already billed');
    for (const inv of run.created) {
      const paid = await jaring([
        'bill',
        'pay',
        String(inv.id),
        '--amount',
        String(inv.total),
        '--date',
        '2027-01-05',
        '--ref',
        `SP2D-${inv.id}`,
        '--as',
        'disnaker',
        '--json',
      ]);
      expect(JSON.parse(paid.out)).toMatchObject({ status: 'paid', outstanding: 0 });
    }
    const status = await jaring(['bill', 'status', '--nik', niks[0]!, '--date', '2027-01-15', '--as', 'disnaker']);
    expect(status.out).toContain('TERLINDUNGI / PROTECTED');
    // A NIK lookup is audited whichever door it comes through: the CLI writes the same row as HTTP.
    const lookups = () =>
      db.query<{ actor_username: string; entity_id: string; region_code: string }>(
        `SELECT actor_username, entity_id, region_code FROM audit_log WHERE action = 'participant.lookup' ORDER BY id`,
      );
    const afterStatus = await lookups();
    expect(afterStatus).toHaveLength(1);
    expect(afterStatus[0]).toMatchObject({ actor_username: 'disnaker' });
    expect(afterStatus[0]!.region_code).toMatch(/^35\.09\./);
    expect((await jaring(['enrol', 'show', '--nik', niks[0]!, '--as', 'kabid'])).code).toBe(0);
    expect((await lookups()).map((l) => [l.actor_username, l.entity_id])).toEqual([
      ['disnaker', afterStatus[0]!.entity_id],
      ['kabid', afterStatus[0]!.entity_id],
    ]);
    // The billing run ran as a job, recorded like one a server runs.
    const jobs = await db.query<{ kind: string; status: string; requested_by: string }>(
      `SELECT kind, status, requested_by FROM jobs WHERE kind = 'billing.run' ORDER BY id`,
    );
    expect(jobs).toEqual([
      { kind: 'billing.run', status: 'done', requested_by: 'disnaker' },
      { kind: 'billing.run', status: 'done', requested_by: 'disnaker' },
    ]);
    const stmt = join(dataDir, 'statement.csv');
    writeFileSync(stmt, ['NIK,KPJ,STATUS', ...niks.slice(1).map((n, i) => `${n},${String(10000000001 + i)},AKTIF`)].join('\n'));
    const rec = JSON.parse((await jaring(['reconcile', stmt, '--program', '1', '--as', 'bpjs', '--json'])).out) as {
      missing: number;
      extra: number;
      mismatched: number;
    };
    expect(rec).toMatchObject({ missing: 1, extra: 0, mismatched: 0 });
    const bad = await jaring(['bill', 'pay', String(run.created[0]!.id), '--amount', '1', '--date', '2027-13-01', '--ref', 'x', '--as', 'disnaker']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('paidOn: Tanggal bayar harus TTTT-BB-HH');
    // The BPJS branch's acquisition report (issue 16.6): January 2027 paid for every participant, one month each.
    const acq = JSON.parse((await jaring(['report', 'acquisition', '--from', '2027-01', '--to', '2027-01', '--as', 'bpjs', '--json'])).out) as {
      total: { workers: number; full: number };
    };
    expect(acq.total).toMatchObject({ workers: batch.submitted, full: 0 });
    const acqXlsx = join(dataDir, 'akuisisi.xlsx');
    const acqText = await jaring(['report', 'acquisition', '--from', '2027-01', '--to', '2027-01', '--out', acqXlsx, '--as', 'bpjs']);
    expect(acqText.out).toContain('Akuisisi 2027-01 s.d. 2027-01 (penuh pada masa iur ≥ 6 bulan');
    expect(readFileSync(acqXlsx).subarray(0, 2).toString()).toBe('PK');
    const badAcq = await jaring(['report', 'acquisition', '--from', '2027-02', '--to', '2027-01', '--as', 'bpjs']);
    expect(badAcq.code).not.toBe(0);
    expect(badAcq.err).toContain('Bulan akhir sebelum bulan awal');
    // Field verification (issue 16.1): a round over plan 1's workers, one verdict, the sign-off refused while villages are pending.
    const opened = JSON.parse((await jaring(['verify', 'open', '--name', 'Verifikasi 2027', '--plan', '1', '--as', 'disnaker', '--json'])).out) as {
      id: number;
      total: number;
    };
    expect(opened.total).toBeGreaterThan(1);
    const rec1 = await jaring(['verify', 'record', String(opened.id), '--nik', niks[0]!, '--verdict', 'confirmed', '--as', 'disnaker']);
    expect(rec1.code, rec1.err).toBe(0);
    expect((await jaring(['verify', 'show', String(opened.id), '--as', 'disnaker'])).out).toContain(`1 dari ${opened.total} diverifikasi`);
    // Reminders to the villages that have not started: recorded on the round, e-mails queued for operators with an address.
    const remind = await jaring(['verify', 'remind', String(opened.id), '--as', 'disnaker', '--json']);
    expect(remind.code, remind.err).toBe(0);
    const reminded = JSON.parse(remind.out) as { villages: number; messages: number; withoutEmail: string[] };
    expect(reminded.villages).toBeGreaterThan(0);
    expect(reminded.villages).toBe(reminded.withoutEmail.length + (reminded.messages > 0 ? 1 : 0));
    // The BPJS check (issue 16.2): the branch's file out, its answer in.
    const bpjsOut = join(dataDir, 'cek-bpjs.csv');
    expect((await jaring(['verify', 'bpjs-file', String(opened.id), '--out', bpjsOut, '--as', 'disnaker'])).out).toContain(`${opened.total} NIK`);
    expect(readFileSync(bpjsOut, 'utf8')).toContain(niks[0]!);
    const bpjsAnswer = join(dataDir, 'jawaban-bpjs.csv');
    writeFileSync(bpjsAnswer, `NIK;SEGMEN;KPJ;STATUS\n${niks[0]};TIDAK TERDAFTAR;;\n`);
    const taken = await jaring(['verify', 'bpjs-answer', String(opened.id), bpjsAnswer, '--as', 'disnaker']);
    expect(taken.code, taken.err).toBe(0);
    expect(taken.out).toContain('1 baris: 0 sudah PU');
    const early = await jaring(['verify', 'sign-off', String(opened.id), '--as', 'kabid']);
    expect(early.code).not.toBe(0);
    expect(early.err).toContain(`${opened.total - 1} pekerja belum diverifikasi desa`);
    // Likely duplicates (issue 16.4): a search over the region, with nothing planted: nothing flagged.
    const dups = JSON.parse((await jaring(['registry', 'duplicates', 'search', '--as', 'disnaker', '--json'])).out) as { flagged: number };
    expect(dups.flagged).toBe(0);
    expect((await jaring(['registry', 'duplicates', 'list', '--as', 'disnaker'])).out).toContain('Tidak ada pasangan');
    // A quarterly DTSEN update (issue 16.3) that lists one worker, re-ranked: previewed, never applied, then discarded.
    const dtsen = join(dataDir, 'dtsen.csv');
    writeFileSync(dtsen, `NIK;DESIL\n${niks[0]};9\n`);
    const pv = await jaring(['registry', 'update', 'preview', dtsen, '--effective', '2027-02', '--as', 'disnaker', '--json']);
    expect(pv.code, pv.err).toBe(0);
    const preview = JSON.parse(pv.out) as {
      id: number;
      status: string;
      preview: { effectiveMonth: string; kinds: { decile_up: number; decile_down: number; ranked: number } };
    };
    expect(preview).toMatchObject({ status: 'previewed', preview: { effectiveMonth: '2027-02' } });
    expect(preview.preview.kinds.decile_up + preview.preview.kinds.decile_down + preview.preview.kinds.ranked).toBe(1);
    const shownUpdate = await jaring(['registry', 'update', 'show', String(preview.id), '--as', 'disnaker']);
    expect(shownUpdate.out).toContain(`jaring registry update apply ${preview.id}`);
    expect((await jaring(['registry', 'update', 'discard', String(preview.id), '--as', 'disnaker'])).out).toContain('discarded');
    const late = await jaring(['registry', 'update', 'apply', String(preview.id), '--as', 'disnaker']);
    expect(late.code).not.toBe(0);
    expect(late.err).toContain('hanya pratinjau yang dapat diterapkan');
    // Claims (issue 13): an incident before anything was paid: not entitled, and why.
    const claim = await jaring(['claims', 'report', '--nik', niks[0]!, '--kind', 'death', '--on', '2026-12-01', '--as', 'disnaker', '--json']);
    expect(claim.code).toBe(0);
    expect(JSON.parse(claim.out)).toMatchObject({ kind: 'death', entitlement: { entitled: 'no', code: 'never_paid' }, claims: [] });
    const shown = await jaring(['claims', 'show', String(JSON.parse(claim.out).id), '--as', 'disnaker']);
    expect(shown.out).toContain('hak / entitled: no — Belum ada bulan yang dibayar / No month paid yet');
    expect((await jaring(['claims', 'list', '--as', 'disnaker'])).out).toBe('Tidak ada klaim / no claims\n');
    // Nothing verified to submit; the figures, the handover list and the daily job.
    const none = await jaring(['claims', 'submit', '--as', 'disnaker']);
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('Tidak ada klaim terverifikasi untuk diajukan');
    expect((await jaring(['claims', 'figures', '--as', 'disnaker'])).out).toContain('0 penerima / beneficiaries, Rp 0 dibayar / paid');
    const handover = join(dataDir, 'penyerahan.pdf');
    expect((await jaring(['claims', 'handover', '--from', '2026-01-01', '--to', '2026-12-31', '--out', handover, '--as', 'disnaker'])).code).toBe(0);
    expect(readFileSync(handover).subarray(0, 5).toString()).toBe('%PDF-');
    const decisions = join(dataDir, 'keputusan.csv');
    writeFileSync(decisions, 'ID_KLAIM;KEPUTUSAN\n999;MUNGKIN\n');
    const refused = await jaring(['claims', 'decisions', decisions, '--as', 'bpjs']);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('baris 2: KEPUTUSAN');
    expect(JSON.parse((await jaring(['claims', 'daily', '--json'])).out)).toEqual({ expired: 0, reminders: 0, documentsPurged: 0 });
    // Donors (issue 14): a company sponsors a named worker, the bank statement pays it, the receipt is written.
    const added = await jaring([
      'donors',
      'add',
      '--kind',
      'company',
      '--name',
      'PT Kebun Jaya',
      '--email',
      'csr@kebunjaya.co.id',
      '--npwp',
      '012345678901234',
      '--contact',
      'Bu Rina',
      '--regency',
      '35.09',
      '--as',
      'disnaker',
      '--json',
    ]);
    expect(added.code).toBe(0);
    const donorId = String(JSON.parse(added.out).id);
    const [village] = await db.query<{ code: string }>(`SELECT code FROM regions WHERE code LIKE '35.09.%' AND level = 'village' ORDER BY code DESC LIMIT 1`);
    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    const nik = `${village!.code.replaceAll('.', '').slice(0, 6)}0303907777`;
    const sponsor = await jaring([
      'donors',
      'sponsor',
      '--donor',
      donorId,
      '--months',
      '3',
      '--from',
      month,
      '--nik',
      nik,
      '--name',
      'Sumiati',
      '--birth',
      '1990-03-03',
      '--village',
      village!.code,
      '--sector',
      'domestic_worker',
      '--consent-by',
      'Sumiati',
      '--consent-method',
      'in_person',
      '--consent-at',
      new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10),
      '--as',
      'disnaker',
      '--json',
    ]);
    expect(sponsor.code).toBe(0);
    const sp = JSON.parse(sponsor.out) as { id: number; amount: number; donations: { id: number; paymentCode: string }[] };
    const rk = join(dataDir, 'rekening.csv');
    writeFileSync(
      rk,
      `Tanggal;Keterangan;Kredit\n${new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)};TRF ${sp.donations[0]!.paymentCode};${sp.amount}\n`,
    );
    expect(JSON.parse((await jaring(['donors', 'statement', rk, '--as', 'disnaker', '--json'])).out)).toMatchObject({ lines: 1, matched: 1, open: 0 });
    expect((await jaring(['donors', 'list', '--as', 'disnaker'])).out).toContain(
      `PT Kebun Jaya (company) csr@kebunjaya.co.id — Rp ${sp.amount.toLocaleString('id-ID')}, 1 pekerja`,
    );
    const receipt = join(dataDir, 'kuitansi.pdf');
    expect((await jaring(['donors', 'receipt', String(sp.donations[0]!.id), '--out', receipt, '--as', 'disnaker'])).code).toBe(0);
    expect(readFileSync(receipt).subarray(0, 5).toString()).toBe('%PDF-');
    const wrong = await jaring(['donors', 'sponsor', '--donor', donorId, '--months', '5', '--from', month, '--pool', '2', '--as', 'disnaker']);
    expect(wrong.err).toContain('months: Lama sponsor harus 3, 6 atau 12 bulan');
    expect(JSON.parse((await jaring(['donors', 'lapsed', '--as', 'disnaker', '--json'])).out).items).toEqual([]);
  });
  it('coverage from the command line: import, target, ranking with the gap, printable report', async () => {
    const fx = (f: string) => join('test/fixtures/coverage', f);
    const imp = await jaring(['coverage', 'import', fx('ucj-2024.csv'), '--as', 'admin', '--json']);
    expect(JSON.parse(imp.out)).toEqual({ saved: 13, flagged: 1 });
    expect((await jaring(['coverage', 'target', '--region', '15', '--year', '2024', '--value', '55', '--source', 'BPJS TK Jambi', '--as', 'admin'])).code).toBe(
      0,
    );
    const show = await jaring(['coverage', 'show', '--region', '15', '--as-of', '2024-08-12', '--as', 'admin']);
    expect(show.out).toContain('518.632 / 1.312.370 = 39.52 %');
    expect(show.out).toContain('kurang / short 203.172 peserta = Rp 40.959.475.200 per tahun / year');
    expect(show.out).toMatch(/ {2}1\. 15\.04 Kabupaten Batanghari: 50\.71 % = 49,803 \/ 98,206/);
    const pdf = join(dataDir, 'cakupan.pdf');
    expect((await jaring(['coverage', 'export', '--region', '15', '--as-of', '2024-08-12', '--out', pdf, '--as', 'admin'])).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

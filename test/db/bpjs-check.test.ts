import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { approvedPlan } from '../helpers/enrolment.js';
import { errorOf } from '../helpers/errors.js';
import { createRound, getRound, listItems, recordVerdict, signOff } from '../../src/modules/verification/verification.service.js';
import { exportBpjsCheck, importBpjsAnswer } from '../../src/modules/verification/bpjs-check.service.js';
import { previewPlan } from '../../src/modules/plans/plans.service.js';

/**
 * The BPJS check in a verification round (issue 16.2): the branch gets the round's NIKs, its answer says
 * who is already a PU or BPU participant; at sign-off they are marked so no source funds them twice —
 * except the regency's own participants, whom the branch also lists as BPU.
 */
let t: TestDb;
let dir: string;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
let roundId: number;
let programId: number;
let niks: { id: number; nik: string }[];

beforeAll(async () => {
  t = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'jaring-bpjs-'));
  const ids = await approvedPlan(t.db, disnaker, kabid, { tobacco: 10, drivers: 0, funded: 10 });
  programId = ids.programId;
  await t.db.query(`UPDATE workers SET nik = '350905010185' || lpad(id::text, 4, '0')`);
  roundId = (await createRound(t.db, disnaker, { name: 'Verifikasi + cek BPJS', planId: ids.planId })).id;
  niks = await t.db.query(`SELECT w.id, w.nik FROM verification_items i JOIN workers w ON w.id = i.worker_id WHERE i.round_id = $1 ORDER BY w.id`, [roundId]);
  // The third worker is already the regency's own participant, with the KPJ the branch will answer.
  await t.db.query(
    `INSERT INTO participants (worker_id, program_id, region_code, kpj, status, status_since) VALUES ($1, $2, $3, '33333333333', 'active', '2026-07-01')`,
    [niks[2]!.id, programId, ids.villageCode],
  );
});
afterAll(() => t.cleanup());

async function csvOf(id: number): Promise<string> {
  const f = await exportBpjsCheck(t.db, disnaker, id, 'csv');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await f.write(out);
  return Buffer.concat(chunks).toString('utf8');
}

const answer = (lines: string[]) => {
  const path = join(dir, `jawaban-${Math.random().toString(36).slice(2, 7)}.csv`);
  writeFileSync(path, ['NIK;SEGMEN;KPJ;STATUS', ...lines].join('\r\n'));
  return { path, format: 'csv' as const };
};

describe('the BPJS check in a round (issue 16.2)', () => {
  it('sends the branch the round’s NIKs, audit-logged', async () => {
    const text = await csvOf(roundId);
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('NIK;NAMA;TGL_LAHIR;KODE_DESA;SEGMEN (PU/BPU/TIDAK TERDAFTAR);KPJ;STATUS (AKTIF/NONAKTIF)');
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(niks.map((n) => n.nik).sort());
    const sentAt = (await getRound(t.db, disnaker, roundId)).bpjs.sentAt;
    expect(sentAt).not.toBeNull();
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'verification.bpjs_export_csv' AND entity_id = $1`, [String(roundId)]);
    expect(audit).toHaveLength(1);
    // Downloaded again a moment later: the round keeps the first send; the second download is logged too.
    await new Promise((r) => setTimeout(r, 20));
    await csvOf(roundId);
    expect((await getRound(t.db, disnaker, roundId)).bpjs.sentAt).toBe(sentAt);
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'verification.bpjs_export_csv' AND entity_id = $1`, [String(roundId)])).toHaveLength(2);
  });

  it('refuses an answer with any bad row, naming the row and the problem, and stores nothing', async () => {
    const e = await errorOf(
      importBpjsAnswer(
        t.db,
        disnaker,
        roundId,
        answer([
          `${niks[0]!.nik};PU;11111111111;AKTIF`,
          '3509999999999999;BPU;22222222222;AKTIF',
          `${niks[1]!.nik};PEKERJA;;AKTIF`,
          `${niks[4]!.nik};BPU;123;AKTIF`,
        ]),
      ),
    );
    expect(e.code).toBe('validation');
    expect(e.problems.map((p) => p.code)).toEqual(['not_in_round', 'segment_unknown', 'kpj_format']);
    expect(e.problems[0]!.id).toBe('baris 3: NIK 3509999999999999 tidak ada dalam putaran ini');
    expect(e.problems[2]!.en).toBe('row 5: KPJ "123" must be 11 digits for a participant');
    expect((await getRound(t.db, disnaker, roundId)).bpjs.answered).toBe(0);
  });

  it('takes the answer: a PU participant, a BPU protected elsewhere, the regency’s own participant, one not registered, one inactive', async () => {
    const r = await importBpjsAnswer(
      t.db,
      disnaker,
      roundId,
      answer([
        `${niks[0]!.nik};PU;11111111111;AKTIF`,
        `${niks[1]!.nik};BPU;22222222222;AKTIF`,
        `${niks[2]!.nik};BPU;33333333333;AKTIF`,
        `${niks[3]!.nik};TIDAK TERDAFTAR;;`,
        `${niks[4]!.nik};BPU;55555555555;NONAKTIF`,
      ]),
    );
    expect(r).toEqual({ rows: 5, wageEarners: 1, protectedElsewhere: 1, ours: 1, notParticipants: 2 });
    expect((await getRound(t.db, disnaker, roundId)).bpjs).toMatchObject({ answered: 5, wageEarners: 1, protectedElsewhere: 1 });
    // Nothing reaches the registry before the sign-off.
    expect(await t.db.query(`SELECT 1 FROM workers WHERE bpjs_elsewhere IS NOT NULL OR is_wage_earner`)).toHaveLength(0);
  });

  it('at sign-off the registry learns it, audited, and the next plan funds neither of them', async () => {
    const village = (await listItems(t.db, disnaker, roundId, { page: 1, pageSize: 50 })).items;
    for (const i of village) await recordVerdict(t.db, disnaker, roundId, { workerId: i.workerId, verdict: 'confirmed' });
    await signOff(t.db, kabid, roundId, 'cek BPJS Oktober');
    const ws = await t.db.query<{ id: number; bpjs_elsewhere: string | null; is_wage_earner: boolean; checked: boolean }>(
      `SELECT id, bpjs_elsewhere, is_wage_earner, bpjs_checked_on IS NOT NULL AS checked FROM workers WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [niks.slice(0, 5).map((n) => n.id)],
    );
    expect(ws.map((w) => [w.bpjs_elsewhere, w.is_wage_earner, w.checked])).toEqual([
      ['PU', true, true],
      ['BPU', false, true],
      [null, false, true],
      [null, false, true],
      [null, false, true],
    ]);
    const audit = await t.db.query(`SELECT entity_id FROM audit_log WHERE action = 'worker.bpjs_check' ORDER BY entity_id::bigint`);
    expect(audit.map((a) => Number((a as { entity_id: string }).entity_id))).toEqual([niks[0]!.id, niks[1]!.id]);
    const p = await previewPlan(t.db, disnaker, { programId, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-06' });
    const dbh = p.perSource.find((s) => s.failing.wage_earner > 0)!;
    expect(dbh.failing.wage_earner).toBe(1);
    expect(dbh.failing.funded_elsewhere).toBe(1);
    // A signed-off round takes no more answers.
    const late = await errorOf(importBpjsAnswer(t.db, disnaker, roundId, answer([`${niks[5]!.nik};PU;66666666666;AKTIF`])));
    expect(late.code).toBe('conflict');
  });
});

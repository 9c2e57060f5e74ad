import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { approvedPlan } from '../helpers/enrolment.js';
import { villageIn } from '../helpers/funding.js';
import { errorOf } from '../helpers/errors.js';
import { createBatch } from '../../src/modules/enrolment/enrolment.service.js';
import { dismissPair, findDuplicates, listPairs, mergePair } from '../../src/modules/duplicates/duplicates.service.js';
import { judgePair, nikRelation } from '../../src/domain/duplicates.js';

/** Issue 16.4: planted near-duplicates are found and explained, planted namesakes are not; a merge keeps the history. */
let t: TestDb;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
let villageA: string;
let villageB: string;
let participantWorker: number;
let copyOfParticipant: number;

const add = async (nik: string, name: string, birth: string, sex: 'L' | 'P', village: string) =>
  (
    await t.db.query<{ id: number }>(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile) VALUES ($1, $2, $3, $4, $5, 'food_farmer', 2) RETURNING id`,
      [nik, name, birth, sex, village],
    )
  )[0]!.id;

beforeAll(async () => {
  t = await openTestDb();
  const ids = await approvedPlan(t.db, disnaker, kabid, { tobacco: 4, drivers: 0, funded: 4 });
  await createBatch(t.db, disnaker, ids.planId, { on: '2026-06-20' });
  villageA = ids.villageCode;
  villageB = await villageIn(t.db, '35.09.06');
  // A participant entered again with two neighbouring digits of the NIK swapped.
  const p = (
    await t.db.query<{ id: number; nik: string; full_name: string; birth_date: string }>(
      `SELECT w.id, w.nik, w.full_name, w.birth_date::text FROM participants pa JOIN workers w ON w.id = pa.worker_id ORDER BY w.id LIMIT 1`,
    )
  )[0]!;
  participantWorker = p.id;
  const at = [...p.nik.slice(0, 12)].findIndex((c, i) => i < 11 && c !== p.nik[i + 1]);
  copyOfParticipant = await add(p.nik.slice(0, at) + p.nik[at + 1] + p.nik[at] + p.nik.slice(at + 2), p.full_name, p.birth_date, 'L', villageA);
  // A mistyped digit of the birth date in the NIK, and one letter of the name.
  await add('3509051203900002', 'Siti Aminah', '1990-03-12', 'P', villageA);
  await add('3509051208900002', 'Siti Aminag', '1990-03-12', 'P', villageA);
  // A woman (day 15 + 40 = 55) entered a second time as a man.
  await add('3509055506850001', 'Wahyuni', '1985-06-15', 'P', villageA);
  await add('3509051506850001', 'Wahyuni', '1985-06-15', 'L', villageA);
  // Namesakes: the same common name, other birth dates or villages, unrelated NIKs.
  await add('3509064407880003', 'Siti Aminah', '1988-07-04', 'P', villageB);
  await add('3509065203900007', 'Siti Aminah', '1990-03-12', 'P', villageB);
  await add('3509051203900045', 'Siti Aminah', '1990-03-12', 'P', villageB);
  // Two different people born the same day in the same village: NIKs one apart in the sequence.
  await add('3509050101800011', 'Budi Santoso', '1980-01-01', 'L', villageA);
  await add('3509050101800012', 'Agus Salim', '1980-01-01', 'L', villageA);
});
afterAll(() => t.cleanup());

describe('the duplicate rules (pure)', () => {
  it('tell a typo, a swap and the +40 day from the sequence number and from unrelated NIKs', () => {
    expect(nikRelation('3509051203900002', '3509051208900002')).toBe('one_digit');
    expect(nikRelation('3509051203900002', '3509051230900002')).toBe('transposed');
    expect(nikRelation('3509055506850001', '3509051506850001')).toBe('sex_day');
    expect(nikRelation('3509050101800011', '3509050101800012')).toBe('sequence');
    expect(nikRelation('3509064407880003', '3509051203900002')).toBe('unrelated');
    const v = judgePair(
      { nik: '3509055506850001', fullName: 'Wahyuni', birthDate: '1985-06-15', sex: 'P', villageCode: '35.09.05.2001' },
      { nik: '3509051506850001', fullName: 'WAHYUNI', birthDate: '1985-06-15', sex: 'L', villageCode: '35.09.05.2001' },
    );
    expect(v).toMatchObject({ score: 120, flagged: true });
    expect(v.agreements.map((a) => [a.field, a.points])).toEqual([
      ['nik', 60],
      ['name', 30],
      ['birthDate', 20],
      ['place', 10],
    ]);
  });
});

describe('likely duplicates in the registry (issue 16.4)', () => {
  it('finds the three planted pairs, explained, and none of the namesakes', async () => {
    const r = await findDuplicates(t.db, disnaker);
    expect(r).toMatchObject({ flagged: 3, newPairs: 3 });
    const pairs = await listPairs(t.db, disnaker, { page: 1, pageSize: 50 });
    expect(pairs.total).toBe(3);
    const why = Object.fromEntries(pairs.items.map((p) => [p.agreements[0]!.how.split(' / ')[1], [p.a.fullName, p.b.fullName].sort()]));
    expect(Object.keys(why).sort()).toEqual([
      'NIKs differ in one digit',
      'same NIK but the +40 day that marks a woman',
      'same NIK with two neighbouring digits swapped',
    ]);
    expect(why['NIKs differ in one digit']).toEqual(['Siti Aminag', 'Siti Aminah']);
    expect(why['same NIK but the +40 day that marks a woman']).toEqual(['Wahyuni', 'Wahyuni']);
    // A second search finds nothing new.
    expect((await findDuplicates(t.db, disnaker)).newPairs).toBe(0);
  });

  it('merges into the record the operator keeps: the membership follows it, the other record is in the audit log', async () => {
    const pairs = (await listPairs(t.db, disnaker, { page: 1, pageSize: 50 })).items;
    const swap = pairs.find((p) => p.a.workerId === participantWorker || p.b.workerId === participantWorker)!;
    expect([swap.a.participant, swap.b.participant].sort()).toEqual([false, true]);
    expect((await errorOf(mergePair(t.db, disnaker, swap.id, 999_999))).problems[0]).toMatchObject({ field: 'keepWorkerId' });
    expect(await mergePair(t.db, disnaker, swap.id, copyOfParticipant)).toEqual({ kept: copyOfParticipant, removed: participantWorker });
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM participants WHERE worker_id = $1`, [copyOfParticipant]))[0]!.n).toBe(1);
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers WHERE id = $1`, [participantWorker]))[0]!.n).toBe(0);
    const audit = await t.db.query<{ before: { removedWorker: { id: number } } }>(`SELECT before FROM audit_log WHERE action = 'worker.merge'`);
    expect(audit[0]!.before.removedWorker.id).toBe(participantWorker);
    // Two different people after all: dismissed, and a new search does not reopen the pair.
    const siti = pairs.find((p) => p.a.fullName.startsWith('Siti'))!;
    await dismissPair(t.db, disnaker, siti.id);
    await findDuplicates(t.db, disnaker);
    expect((await listPairs(t.db, disnaker, { page: 1, pageSize: 50 })).items.map((p) => p.a.fullName)).toEqual(['Wahyuni']);
    expect((await listPairs(t.db, disnaker, { status: 'dismissed', page: 1, pageSize: 50 })).total).toBe(1);
    expect((await errorOf(dismissPair(t.db, disnaker, siti.id))).code).toBe('conflict');
  });
});

import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { personal } from '../../access/personal.js';
import { judgePair, type Agreement } from '../../domain/duplicates.js';
import { AppError } from '../../errors.js';
import { problem } from '../../domain/problem.js';
import { insertAudit } from '../audit/audit.repository.js';
import { participantWorkers, reassignWorker as reassignParticipant } from '../enrolment/participants.repository.js';
import { reassignWorker as reassignPlans } from '../plans/plans.repository.js';
import { reassignWorker as reassignVerification } from '../verification/verification.repository.js';
import { reassignWorker as reassignSponsorships } from '../donors/sponsorships.repository.js';
import { deleteMerged } from '../workers/workers.repository.js';
import * as repo from './duplicates.repository.js';

/**
 * Likely duplicates (issue 16.4): found set-based over blocking keys, judged by the explainable rules of
 * domain/duplicates.ts, reviewed by an operator — dismissed, or merged into the record the operator keeps,
 * with the membership, plans, verifications and sponsorships following it and the removed record in the
 * audit log.
 */
const MAX_BLOCK = 200;

export interface SearchResult {
  compared: number;
  flagged: number;
  newPairs: number;
  millis: number;
}

export async function findDuplicates(db: Queryable, actor: Actor): Promise<SearchResult> {
  requirePermission(actor, 'workers.write');
  const started = performance.now();
  const blocks = await repo.blocks(db, actor, MAX_BLOCK);
  const pairs = new Set<string>();
  for (const b of blocks) for (let i = 0; i < b.ids.length; i++) for (let j = i + 1; j < b.ids.length; j++) pairs.add(`${b.ids[i]}:${b.ids[j]}`);
  const ids = [...new Set(blocks.flatMap((b) => b.ids))];
  const byId = new Map<number, repo.SideRow>();
  for (let i = 0; i < ids.length; i += 50_000) for (const s of await repo.sides(db, ids.slice(i, i + 50_000))) byId.set(Number(s.id), s);
  const flagged: { a: number; b: number; region: string; score: number; agreements: Agreement[] }[] = [];
  for (const key of pairs) {
    const [x, y] = key.split(':').map(Number) as [number, number];
    const a = byId.get(x);
    const b = byId.get(y);
    if (!a || !b) continue;
    const v = judgePair(
      { nik: a.nik, fullName: a.full_name, birthDate: a.birth_date, sex: a.sex, villageCode: a.village_code },
      { nik: b.nik, fullName: b.full_name, birthDate: b.birth_date, sex: b.sex, villageCode: b.village_code },
    );
    if (v.flagged) flagged.push({ a: Math.min(x, y), b: Math.max(x, y), region: a.village_code, score: v.score, agreements: v.agreements });
  }
  const newPairs = await db.transaction(async (tx) => {
    const n = await repo.savePairs(tx, flagged);
    await insertAudit(tx, actor, {
      action: 'duplicates.search',
      entity: 'duplicates',
      entityId: null,
      regionCode: actor.scope,
      after: { compared: pairs.size, flagged: flagged.length, newPairs: n },
    });
    return n;
  });
  return { compared: pairs.size, flagged: flagged.length, newPairs, millis: Math.round(performance.now() - started) };
}

export interface PairSide {
  workerId: number;
  nik: string;
  fullName: string;
  birthDate: string | null;
  sex: string;
  villageCode: string;
  participant: boolean;
}

export interface PairView {
  id: number;
  score: number;
  agreements: Agreement[];
  status: 'open' | 'dismissed' | 'merged';
  decidedBy: string | null;
  a: PairSide;
  b: PairSide;
}

export async function listPairs(
  db: Queryable,
  actor: Actor,
  o: { status?: 'open' | 'dismissed' | 'merged'; page: number; pageSize: number },
): Promise<{ items: PairView[]; total: number }> {
  requirePermission(actor, 'workers.read');
  const { total, rows } = await repo.pairPage(db, actor, { status: o.status ?? 'open', page: o.page, pageSize: o.pageSize });
  const p = personal(actor);
  const side = (r: repo.PairRow, s: 'a' | 'b'): PairSide => ({
    workerId: r[`${s}_id`],
    nik: p.nik(r[`${s}_nik`]),
    fullName: r[`${s}_name`],
    birthDate: p.birthDate(r[`${s}_birth`]),
    sex: r[`${s}_sex`],
    villageCode: r[`${s}_village`],
    participant: r[`${s}_participant`],
  });
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      score: r.score,
      agreements: r.agreements as Agreement[],
      status: r.status,
      decidedBy: r.decided_by,
      a: side(r, 'a'),
      b: side(r, 'b'),
    })),
  };
}

const notFound = (id: number) =>
  new AppError('not_found', { id: `Pasangan #${id} tidak ditemukan di wilayah Anda`, en: `Pair #${id} not found in your region` });

/** Two different people after all: the pair is closed and not shown again. */
export async function dismissPair(db: Queryable, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'workers.write');
  await db.transaction(async (tx) => {
    const pair = await repo.findPair(tx, actor, id);
    if (!pair) throw notFound(id);
    if (pair.status !== 'open') throw new AppError('conflict', { id: 'Pasangan ini sudah diputuskan', en: 'This pair is already decided' });
    await repo.decide(tx, id, 'dismissed', actor.username, null);
    await insertAudit(tx, actor, { action: 'duplicates.dismiss', entity: 'duplicate_pair', entityId: String(id), regionCode: pair.region_code });
  });
}

/**
 * One person after all: the record the operator keeps survives; the other's membership, plan rows,
 * verifications and sponsorships follow it, and the other record is removed (kept whole in the audit log).
 * Refused when both records are participants: one membership has to end first.
 */
export async function mergePair(db: Queryable, actor: Actor, id: number, keepWorkerId: number): Promise<{ kept: number; removed: number }> {
  requirePermission(actor, 'workers.write');
  return db.transaction(async (tx) => {
    const pair = await repo.findPair(tx, actor, id);
    if (!pair) throw notFound(id);
    if (pair.status !== 'open') throw new AppError('conflict', { id: 'Pasangan ini sudah diputuskan', en: 'This pair is already decided' });
    if (keepWorkerId !== pair.worker_a && keepWorkerId !== pair.worker_b)
      throw AppError.validation([
        problem('keepWorkerId', 'not_in_pair', 'Pilih salah satu dari dua pekerja pasangan ini', 'Choose one of the two workers of this pair'),
      ]);
    const gone = keepWorkerId === pair.worker_a ? pair.worker_b : pair.worker_a;
    if ((await participantWorkers(tx, [pair.worker_a, pair.worker_b])).length === 2)
      throw new AppError('conflict', {
        id: 'Keduanya peserta: akhiri salah satu kepesertaan sebelum menggabungkan',
        en: 'Both are participants: end one membership before merging',
      });
    await reassignParticipant(tx, gone, keepWorkerId);
    await reassignPlans(tx, gone, keepWorkerId);
    await reassignVerification(tx, gone, keepWorkerId);
    await reassignSponsorships(tx, gone, keepWorkerId);
    await repo.decide(tx, id, 'merged', actor.username, keepWorkerId);
    await repo.dropOpenPairs(tx, gone);
    const removed = await deleteMerged(tx, gone);
    await insertAudit(tx, actor, {
      action: 'worker.merge',
      entity: 'worker',
      entityId: String(keepWorkerId),
      regionCode: pair.region_code,
      before: { removedWorker: removed },
      after: { keptWorker: keepWorkerId, pair: id },
    });
    return { kept: keepWorkerId, removed: gone };
  });
}

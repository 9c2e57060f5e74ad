import { canSee } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { cleanWorker, type CleanWorker, type WorkerInput } from '../../domain/worker-rules.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { problem } from '../../domain/problem.js';
import { can } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import { insertAudit, listAuditForEntity } from '../audit/audit.repository.js';
import { findRegion, knownDistricts } from '../regions/regions.repository.js';
import { parseRegionCode } from '../regions/regions.service.js';
import * as repo from './workers.repository.js';
import { presentSnapshot, presentWorker, type WorkerView } from './workers.presenter.js';

const notFound = (id: number) =>
  new AppError('not_found', { id: `Pekerja #${id} tidak ditemukan di wilayah Anda`, en: `Worker #${id} not found in your region` });

async function validate(db: Queryable, actor: Actor, input: WorkerInput): Promise<CleanWorker> {
  const nik = input.nik.trim();
  const nikDistrict = /^\d{6}/.test(nik) ? `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}` : null;
  // A malformed code finds no region; cleanWorker names the problem.
  const village = await findRegion(db, normalizeRegionCode(input.villageCode ?? '') ?? '');
  const districts = nikDistrict ? await knownDistricts(db, [nikDistrict]) : new Set<string>();
  const sectorOk = await repo.sectorExists(db, input.sectorCode?.trim() ?? '');
  const { worker, problems } = cleanWorker(input, {
    districtKnown: (c) => districts.has(c),
    villageExists: (c) => village?.code === c && village.level === 'village',
    sectorExists: () => sectorOk,
  });
  if (!worker) throw AppError.validation(problems);
  if (!canSee(actor, worker.villageCode)) {
    throw AppError.validation([
      problem(
        'villageCode',
        'out_of_scope',
        `Desa ${worker.villageCode} di luar wilayah Anda (${actor.scope})`,
        `Village ${worker.villageCode} is outside your region (${actor.scope})`,
      ),
    ]);
  }
  return worker;
}

const toFields = (w: CleanWorker): repo.WorkerFields => ({
  nik: w.nik,
  nik_needs_verification: w.nikNeedsVerification,
  full_name: w.fullName,
  birth_date: w.birthDate,
  sex: w.sex,
  address: w.address,
  village_code: w.villageCode,
  sector_code: w.sectorCode,
  occupation: w.occupation,
  welfare_decile: w.welfareDecile,
  monthly_income: w.monthlyIncome,
  phone: w.phone,
  is_wage_earner: w.isWageEarner,
});

/** The audited snapshot of a row: the fields a person can change. */
const snapshot = (row: repo.WorkerRow): Record<string, unknown> => Object.fromEntries(repo.WORKER_FIELD_NAMES.map((k) => [k, row[k]]));

const duplicateNik = (nik: string) => AppError.validation([problem('nik', 'nik_duplicate', `NIK ${nik} sudah terdaftar`, `NIK ${nik} is already registered`)]);

export async function createWorker(db: Queryable, actor: Actor, input: WorkerInput): Promise<WorkerView> {
  requirePermission(actor, 'workers.write');
  const worker = await validate(db, actor, input);
  return db.transaction(async (tx) => {
    if (await repo.nikExists(tx, worker.nik)) throw duplicateNik(worker.nik);
    let row: repo.WorkerRow;
    try {
      row = await repo.insertWorker(tx, toFields(worker));
    } catch (err) {
      // Two operators registering the same NIK at once: the unique index decides.
      if ((err as { code?: string }).code === '23505') throw duplicateNik(worker.nik);
      throw err;
    }
    await insertAudit(tx, actor, { action: 'worker.create', entity: 'worker', entityId: String(row.id), regionCode: row.village_code, after: snapshot(row) });
    return presentWorker(row, actor);
  });
}

export async function updateWorker(db: Queryable, actor: Actor, id: number, expectedVersion: number, input: WorkerInput): Promise<WorkerView> {
  requirePermission(actor, 'workers.write');
  const worker = await validate(db, actor, input);
  return db.transaction(async (tx) => {
    const before = await repo.findWorker(tx, actor, id, true);
    if (!before) throw notFound(id);
    if (before.version !== expectedVersion) {
      throw new AppError('conflict', {
        id: `Data pekerja ini sudah diubah orang lain (versi ${before.version}); muat ulang lalu ulangi perubahan Anda`,
        en: `This worker was changed by someone else (version ${before.version}); reload and redo your change`,
      });
    }
    if (worker.nik !== before.nik && (await repo.nikExists(tx, worker.nik, id))) throw duplicateNik(worker.nik);
    const after = await repo.updateWorker(tx, id, expectedVersion, toFields(worker));
    if (!after) throw notFound(id);
    const b = snapshot(before);
    const a = snapshot(after);
    const changed = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    if (changed.length > 0) {
      await insertAudit(tx, actor, {
        action: 'worker.update',
        entity: 'worker',
        entityId: String(id),
        regionCode: after.village_code,
        before: Object.fromEntries(changed.map((k) => [k, b[k]])),
        after: Object.fromEntries(changed.map((k) => [k, a[k]])),
      });
    }
    return presentWorker(after, actor);
  });
}

export async function getWorker(db: Queryable, actor: Actor, id: number): Promise<WorkerView> {
  requirePermission(actor, 'workers.read');
  const row = await repo.findWorker(db, actor, id);
  if (!row) throw notFound(id);
  return presentWorker(row, actor);
}

export interface ListQuery {
  region?: string | null;
  sector?: string | null;
  decile?: number | null;
  decileMax?: number | null;
  q?: string | null;
  needsVerification?: boolean | null;
  page?: number;
  pageSize?: number;
}

export async function listWorkers(
  db: Queryable,
  actor: Actor,
  query: ListQuery,
): Promise<{ items: WorkerView[]; total: number; page: number; pageSize: number }> {
  requirePermission(actor, 'workers.read');
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 25));
  const regionCode = query.region ? parseRegionCode('region', query.region) : null;
  const q = (query.q ?? '').trim();
  const digits = /^\d+$/.test(q);
  // Roles that see masked NIKs may look up a whole NIK but not probe prefixes (which would unmask it).
  const fullNik = can(actor.role, 'nik.full');
  const { rows, total } = await repo.listWorkers(db, {
    actor,
    regionCode,
    sectorCode: query.sector || null,
    decile: query.decile ?? null,
    decileMax: query.decileMax ?? null,
    nikExact: digits && (q.length === 16 || !fullNik) ? q : null,
    nikPrefix: digits && q.length < 16 && fullNik ? q : null,
    name: q && !digits ? q : null,
    needsVerification: query.needsVerification ?? null,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: rows.map((r) => presentWorker(r, actor)), total, page, pageSize };
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function workerHistory(db: Queryable, actor: Actor, id: number): Promise<AuditEntryView[]> {
  requirePermission(actor, 'workers.read');
  if (!(await repo.findWorker(db, actor, id))) throw notFound(id);
  const rows = await listAuditForEntity(db, actor, 'worker', String(id));
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor_username,
    action: r.action,
    before: presentSnapshot(r.before, actor),
    after: presentSnapshot(r.after, actor),
  }));
}

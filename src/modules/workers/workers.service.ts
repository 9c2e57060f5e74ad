import { canSee } from '../../access/access.js';
import type { Queryable } from '../../db/db.js';
import { requirePermission, type Actor } from '../../actor.js';
import { cleanWorker, type CleanWorker, type WorkerInput } from '../../domain/worker-rules.js';
import { normalizeRegionCode } from '../../domain/region-code.js';
import { problem } from '../../domain/problem.js';
import { can } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import { insertAudit, insertAudits, listAuditForEntity } from '../audit/audit.repository.js';
import { findRegion, knownDistricts } from '../regions/regions.repository.js';
import { parseRegionCode } from '../regions/regions.service.js';
import * as repo from './workers.repository.js';
import { presentListItem, presentSnapshot, presentWorker, type WorkerListItem, type WorkerView } from './workers.presenter.js';
import { participantPeriods } from '../enrolment/participants.repository.js';

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

/** A worker as the detail page shows them: the registry fields, enrolment, and each period with who pays. */
export interface WorkerDetail extends WorkerListItem {
  periods: { kind: string; monthFrom: string; monthTo: string; sourceName: string; fundingType: string; planId: number | null }[];
}

export async function getWorker(db: Queryable, actor: Actor, id: number): Promise<WorkerDetail> {
  requirePermission(actor, 'workers.read');
  const row = await repo.findWorkerListRow(db, actor, id);
  if (!row) throw notFound(id);
  const periods = row.participant_id === null ? [] : await participantPeriods(db, row.participant_id);
  return {
    ...presentListItem(row, actor),
    periods: periods.map((x) => ({
      kind: x.kind,
      monthFrom: x.month_from.slice(0, 7),
      monthTo: x.month_to.slice(0, 7),
      sourceName: x.source_name,
      fundingType: x.funding_type,
      planId: x.plan_id,
    })),
  };
}

export interface ListQuery {
  region?: string | null;
  sector?: string | null;
  decile?: number | null;
  decileMax?: number | null;
  q?: string | null;
  needsVerification?: boolean | null;
  status?: repo.ParticipantState | null;
  page?: number;
  pageSize?: number;
  /** 'name' (default) or 'registered' (newest first). */
  sort?: 'name' | 'registered';
  /** The next page after the one that returned this cursor (keyset: every page costs the same). */
  cursor?: string | null;
}

/** A page cursor: the sort and the last row's key, base64url so it travels in a query string. */
function encodeCursor(sort: 'name' | 'registered', row: { name_key: string; id: number }): string {
  return Buffer.from(JSON.stringify(sort === 'name' ? [sort, row.name_key, row.id] : [sort, row.id])).toString('base64url');
}

function decodeCursor(sort: 'name' | 'registered', cursor: string): { name: string; id: number } {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  const ok =
    Array.isArray(v) &&
    v[0] === sort &&
    Number.isSafeInteger(v.at(-1)) &&
    // A name key is text PostgreSQL can hold: a forged cursor with a NUL is refused here, not by the database.
    (sort === 'registered' ? v.length === 2 : v.length === 3 && typeof v[1] === 'string' && !v[1].includes('\u0000'));
  if (!ok)
    throw AppError.validation([
      problem(
        'cursor',
        'cursor',
        'Penanda halaman tidak sah untuk urutan ini; mulai lagi dari halaman pertama',
        'The page cursor is not valid for this order; start again from the first page',
      ),
    ]);
  const a = v as [string, string, number] | [string, number];
  return { name: a.length === 3 ? a[1] : '', id: a.at(-1) as number };
}

/** The registry filter of a list query, checked; shared by the page and the spreadsheet. */
function filterOf(actor: Actor, query: ListQuery): repo.ListFilter {
  const regionCode = query.region ? parseRegionCode('region', query.region) : null;
  const q = (query.q ?? '').trim();
  const digits = /^\d+$/.test(q);
  // Roles that see masked NIKs may look up a whole NIK but not probe prefixes (which would unmask it).
  const fullNik = can(actor.role, 'nik.full');
  return {
    actor,
    regionCode,
    sectorCode: query.sector || null,
    decile: query.decile ?? null,
    decileMax: query.decileMax ?? null,
    nikExact: digits && (q.length === 16 || !fullNik) ? q : null,
    nikPrefix: digits && q.length < 16 && fullNik ? q : null,
    name: q && !digits ? q : null,
    needsVerification: query.needsVerification ?? null,
    status: query.status ?? null,
  };
}

export async function listWorkers(
  db: Queryable,
  actor: Actor,
  query: ListQuery,
): Promise<{ items: WorkerListItem[]; total: number; totalExact: boolean; page: number; pageSize: number; nextCursor: string | null }> {
  requirePermission(actor, 'workers.read');
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 25));
  const sort = query.sort ?? 'name';
  const after = query.cursor ? decodeCursor(sort, query.cursor) : null;
  const { rows, total, totalExact } = await repo.listWorkers(db, {
    ...filterOf(actor, query),
    sort,
    after,
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
  });
  const shown = rows.slice(0, pageSize);
  const nextCursor = rows.length > pageSize ? encodeCursor(sort, shown.at(-1)!) : null;
  return { items: shown.map((r) => presentListItem(r, actor)), total, totalExact, page, pageSize, nextCursor };
}

/**
 * The filtered list for a spreadsheet: the query is checked first (so a bad filter is a 400 before any
 * byte is sent), then `run` streams it a page at a time (any size up to Excel's row limit),
 * identifiers through the presenter, and audit-logs the export with its filter. `run` returns the rows.
 */
export function prepareWorkerExport(
  db: Queryable,
  actor: Actor,
  query: ListQuery,
): { run: (write: (rows: WorkerListItem[]) => Promise<void>) => Promise<number> } {
  requirePermission(actor, 'workers.read');
  const filter = filterOf(actor, query);
  return {
    run: async (write) => {
      let after = 0;
      let n = 0;
      for (;;) {
        const rows = await repo.exportWorkersPage(db, filter, after, 5000);
        if (rows.length === 0 || n >= EXCEL_MAX_ROWS) break;
        const items = rows.slice(0, EXCEL_MAX_ROWS - n).map((r) => presentListItem(r, actor));
        await write(items);
        n += items.length;
        after = rows[rows.length - 1]!.id;
      }
      const kept = Object.fromEntries(Object.entries(query).filter(([k, v]) => k !== 'page' && k !== 'pageSize' && v !== undefined && v !== null));
      await insertAudit(db, actor, {
        action: 'workers.export_xlsx',
        entity: 'worker',
        entityId: 'list',
        regionCode: actor.scope,
        after: { rows: n, filter: kept, nikMasked: !can(actor.role, 'nik.full') },
      });
      return n;
    },
  };
}

/** Excel's last row, less the header. */
const EXCEL_MAX_ROWS = 1_048_575;

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

// ---------------------------------------------------------------- workers a donor names (called by the donors module)

/**
 * The worker a donor sponsors by name: registered in the registry when the NIK is new (the same rules as
 * any registration; sex from the NIK), or found when the NIK is known and the birth date matches — a
 * donor never learns more about a registered person than what they typed. The village must lie in the
 * donor's regency. Audited as the donor.
 */
export async function registerSponsoredWorker(
  tx: Queryable,
  actor: Actor,
  input: {
    nik: string;
    fullName: string;
    birthDate: string;
    villageCode: string;
    sectorCode: string;
    occupation?: string | null;
    phone?: string | null;
    address?: string | null;
  },
  regencyCode: string,
): Promise<{ id: number; villageCode: string; birthDate: string; isWageEarner: boolean; sectorCode: string }> {
  const nik = (input.nik ?? '').trim();
  const day = Number(nik.slice(6, 8));
  const sex = /^\d{16}$/.test(nik) ? (day > 40 ? 'P' : 'L') : '';
  const village = await findRegion(tx, normalizeRegionCode(input.villageCode ?? '') ?? '');
  const districts = /^\d{6}/.test(nik) ? await knownDistricts(tx, [`${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`]) : new Set<string>();
  const sectorOk = await repo.sectorExists(tx, input.sectorCode?.trim() ?? '');
  const { worker, problems } = cleanWorker(
    { ...input, sex, isWageEarner: false },
    { districtKnown: (c) => districts.has(c), villageExists: (c) => village?.code === c && village.level === 'village', sectorExists: () => sectorOk },
  );
  if (!worker) throw AppError.validation(problems.map((p) => ({ ...p, field: `worker.${p.field}` })));
  if (!worker.villageCode.startsWith(`${regencyCode}.`))
    throw AppError.validation([
      problem('worker.villageCode', 'outside', `Desa harus di kabupaten/kota ${regencyCode}`, `The village must be in regency ${regencyCode}`),
    ]);
  const existing = await repo.findWorkerByNik(tx, worker.nik);
  if (existing) {
    if (existing.birth_date !== worker.birthDate)
      throw AppError.validation([
        problem(
          'worker.birthDate',
          'mismatch',
          'NIK dan tanggal lahir tidak cocok dengan data kependudukan yang tercatat',
          'The NIK and birth date do not match the recorded population data',
        ),
      ]);
    return {
      id: existing.id,
      villageCode: existing.village_code,
      birthDate: existing.birth_date,
      isWageEarner: existing.is_wage_earner,
      sectorCode: existing.sector_code,
    };
  }
  const row = await repo.insertWorker(tx, toFields(worker));
  await insertAudit(tx, actor, {
    action: 'worker.create',
    entity: 'worker',
    entityId: String(row.id),
    regionCode: row.village_code,
    after: { ...snapshot(row), by: 'donor' },
  });
  return { id: row.id, villageCode: row.village_code, birthDate: row.birth_date, isWageEarner: row.is_wage_earner, sectorCode: row.sector_code };
}

/** The fields a renewal of a named sponsorship repeats (read by the system, not shown). */
export async function workerForSponsorship(tx: Queryable, id: number) {
  const w = (await repo.findWorkerById(tx, id))!;
  return {
    nik: w.nik,
    fullName: w.full_name,
    birthDate: w.birth_date,
    villageCode: w.village_code,
    sectorCode: w.sector_code,
    occupation: w.occupation,
    phone: w.phone,
  };
}

/**
 * The registry side of a signed-off verification round (verification.service): the villages' corrections of
 * sector and phone applied, every confirmed or corrected worker marked verified on `day`, each change
 * audit-logged as a worker update (one statement). Runs in the caller's transaction.
 */
export async function applyVerification(
  tx: Queryable,
  actor: Actor,
  rows: { id: number; sector: string | null; phone: string | null }[],
  day: string,
  roundId: number,
): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await repo.applyVerified(tx, rows, day);
  await insertAudits(
    tx,
    actor,
    changed.map((c) => ({
      action: 'worker.update',
      entity: 'worker',
      entityId: String(c.id),
      regionCode: c.village_code,
      before: { sectorCode: c.old_sector, phone: c.old_phone, verificationRound: roundId },
      after: { sectorCode: c.sector_code, phone: c.phone, verificationRound: roundId },
    })),
  );
  return changed.length;
}

/** The registry side of a round's rejections: the worker is no longer funded by any source; each change audited. */
export async function applyRejection(tx: Queryable, actor: Actor, rows: { id: number; reason: string }[], day: string, roundId: number): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await repo.applyRejected(tx, rows, day);
  await insertAudits(
    tx,
    actor,
    changed.map((c) => ({
      action: 'worker.verification_rejected',
      entity: 'worker',
      entityId: String(c.id),
      regionCode: c.village_code,
      before: { rejectedOn: c.old_on, rejectedReason: c.old_reason, isWageEarner: c.old_wage, verificationRound: roundId },
      after: { rejectedOn: c.rejected_on, rejectedReason: c.rejected_reason, isWageEarner: c.is_wage_earner, verificationRound: roundId },
    })),
  );
  return changed.length;
}

/** The registry side of a signed-off BPJS check (issue 16.2), each change audited. */
export async function applyBpjsCheck(
  tx: Queryable,
  actor: Actor,
  rows: { id: number; elsewhere: 'PU' | 'BPU' | null }[],
  day: string,
  roundId: number,
): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await repo.applyBpjsChecked(tx, rows, day);
  await insertAudits(
    tx,
    actor,
    changed.map((c) => ({
      action: 'worker.bpjs_check',
      entity: 'worker',
      entityId: String(c.id),
      regionCode: c.village_code,
      before: { bpjsElsewhere: c.old_elsewhere, isWageEarner: c.old_wage, verificationRound: roundId },
      after: { bpjsElsewhere: c.bpjs_elsewhere, isWageEarner: c.is_wage_earner, verificationRound: roundId },
    })),
  );
  return changed.length;
}

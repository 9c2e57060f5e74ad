import Fastify from 'fastify';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Role } from '../../src/domain/roles.js';
import { declarationProblems, installGuard, type RouteEntry } from '../../src/http/guard.js';
import type { Db } from '../../src/db/db.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { buildWorld, WORLD_ROLES, type Place } from '../helpers/world.js';
import { call, loginAs, type Session } from '../helpers/http.js';
import { testApp } from '../helpers/http.js';

/**
 * Walks the route table itself, so a route added tomorrow is covered the moment it is registered:
 * every route × every role — 401 without a session, 403 without the declared permission, 403/404 on
 * another region's objects with nothing changed, and no personal identifier in full for roles that
 * may not see it, nor anything of another village for a village operator.
 */
let t: TestDb;
let app: FastifyInstance;
let home: Place;
let away: Place;
const sessions = {} as Record<Role, Session>;
let routes: RouteEntry[] = [];

beforeAll(async () => {
  t = await openTestDb();
  const world = await buildWorld(t.db);
  home = world.home;
  away = world.away;
  app = await testApp(t.db);
  await app.ready();
  routes = app.routeTable.filter((r) => r.method !== 'HEAD');
  for (const role of WORLD_ROLES) sessions[role] = await loginAs(app, world.users[role].username);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

/** A concrete URL for a route, with the ids of one place. */
function urlFor(r: RouteEntry, place: Place): string {
  const idFor = (url: string): number => {
    if (url.startsWith('/api/v1/workers')) return place.workerId;
    if (url.startsWith('/api/v1/imports')) return place.importId;
    if (url.startsWith('/api/v1/programs')) return place.programId;
    if (url.startsWith('/api/v1/sources')) return place.sourceId;
    if (url.startsWith('/api/v1/plans')) return place.planId;
    if (url.startsWith('/api/v1/enrolment/batches')) return place.batchId;
    if (url.startsWith('/api/v1/participants')) return place.participantId;
    if (url.startsWith('/api/v1/invoices')) return place.invoiceId;
    if (url.startsWith('/api/v1/reconciliations')) return place.reconciliationId;
    if (url.startsWith('/api/v1/jobs')) return place.jobId;
    if (url.startsWith('/api/v1/users')) return place.userId;
    if (url.startsWith('/api/v1/incidents')) return place.incidentId;
    if (url.startsWith('/api/v1/claims')) return place.claimId;
    // No scholarship year nor submission in the world: another region's id must still answer 404 and change nothing.
    if (url.startsWith('/api/v1/scholarship-years')) return place.claimId;
    if (url.startsWith('/api/v1/claim-submissions')) return place.claimId;
    if (url.startsWith('/api/v1/donors')) return place.donorId;
    if (url.startsWith('/api/v1/sponsorships') || url.startsWith('/api/v1/donor/sponsorships')) return place.sponsorshipId;
    if (url.startsWith('/api/v1/donations') || url.startsWith('/api/v1/donor/donations')) return place.donationId;
    if (url.startsWith('/api/v1/bank-statement-lines')) return place.statementLineId;
    if (url.startsWith('/api/v1/verification')) return place.roundId;
    if (url.startsWith('/api/v1/duplicates')) return place.pairId;
    if (url.startsWith('/api/v1/registry-updates')) return place.updateId;
    throw new Error(`no id for ${url}`);
  };
  let url = r.url
    .replace(':id', String(r.url.includes(':id') ? idFor(r.url) : 0))
    .replace(':ext', 'csv')
    .replace(':format', 'csv')
    .replace(':kind', 'all')
    .replace(':code', place.regency)
    .replace(':name', 'coverage.refresh');
  if (url.endsWith('/protection')) url += `?participantId=${place.participantId}`;
  if (url.endsWith('/regions/search')) url += '?q=jember';
  if (url.endsWith('/csr-report.pdf')) url += '?year=2026';
  return url;
}

const send = (s: Session | null, r: RouteEntry, url: string) =>
  call(app, s, r.method as 'GET' | 'POST' | 'PUT' | 'PATCH', url, r.method === 'GET' ? undefined : {});

/** A fingerprint of every table a request could change (audit, sessions and throttling excepted). */
async function digest(db: Db): Promise<string> {
  const tables = [
    'workers',
    'users',
    'imports',
    'programs',
    'funding_sources',
    'source_budgets',
    'plans',
    'plan_candidates',
    'enrolment_batches',
    'participants',
    'participant_events',
    'protection_periods',
    'invoices',
    'invoice_lines',
    'payments',
    'reconciliations',
    'reconciliation_items',
    'coverage_inputs',
    'coverage_targets',
    'region_boundaries',
    'incidents',
    'claims',
    'claim_events',
    'heirs',
    'claim_documents',
    'claim_submissions',
    'claim_settings',
    'scholarship_years',
    'donors',
    'sponsorships',
    'sponsored_workers',
    'donations',
    'bank_statements',
    'bank_statement_lines',
    'bpjs_branches',
    'verification_rounds',
    'verification_items',
    'verification_reminders',
    'duplicate_pairs',
    'registry_changes',
    'registry_impacts',
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const [r] = await db.query<{ d: string }>(`SELECT count(*) || ':' || md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM ${table} x`);
    parts.push(`${table}=${r!.d}`);
  }
  return parts.join(' ');
}

describe('the route table', () => {
  it('declares an access rule and a success response schema on every route, and refuses to start otherwise', async () => {
    expect(routes.length).toBeGreaterThan(80);
    for (const r of routes) {
      expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
      expect(
        r.responses.some((s) => /^2\d\d$/.test(s)),
        `${r.method} ${r.url}`,
      ).toBe(true);
    }
    expect(declarationProblems({ method: 'GET', url: '/x', schema: {}, config: {} })).toEqual([
      'GET /x: no config.access (public, signed_in or a permission)',
      'GET /x: no response schema for its success status',
    ]);
    expect(declarationProblems({ method: 'GET', url: '/y', schema: { response: { 200: z.any() } }, config: { access: 'signed_in' } })).toEqual([
      'GET /y: response 200 is z.any(), which lets anything through',
    ]);
    const bare = Fastify();
    await bare.register(async (api) => {
      installGuard(api, []);
      expect(() => api.get('/undeclared', async () => ({}))).toThrow(/Route declaration incomplete/);
    });
    await bare.close();
  });

  it('answers 401 on every non-public route without a session, before reading any body', async () => {
    let checked = 0;
    for (const r of routes.filter((x) => x.access !== 'public')) {
      const res = await send(null, r, urlFor(r, home));
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect((res.json() as { error: { message: { id: string; en: string } } }).error.message.en).toBeTruthy();
      checked++;
    }
    expect(checked).toBeGreaterThan(75);
  });

  it('answers 403 to every role without the declared permission, on every route', async () => {
    let checked = 0;
    for (const r of routes)
      for (const role of WORLD_ROLES) {
        if (r.access === 'public' || r.access === 'signed_in' || can(role, r.access)) continue;
        const res = await send(sessions[role], r, urlFor(r, home));
        expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
        checked++;
      }
    expect(checked).toBeGreaterThan(100);
  });

  it("never reads or changes another region's object: 403/404 and nothing changed, for every role with the permission", async () => {
    const before = await digest(t.db);
    let checked = 0;
    for (const r of routes.filter((x) => x.url.includes(':id')))
      for (const role of WORLD_ROLES) {
        if (role === 'super_admin' || (r.access !== 'public' && r.access !== 'signed_in' && !can(role, r.access))) continue;
        const res = await send(sessions[role], r, urlFor(r, away));
        // A write may be refused for its (empty) body before the object is looked up: also nothing revealed.
        expect([400, 403, 404], `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        if (res.statusCode === 400) expect(r.method).not.toBe('GET');
        checked++;
      }
    expect(await digest(t.db)).toBe(before);
    expect(checked).toBeGreaterThan(80);
  });

  it('shows no NIK, KPJ or phone in full to roles without nik.full, and nothing of another village to a village operator — JSON and files', async () => {
    const niks = new Set(
      (
        await t.db.query<{ v: string }>(
          `SELECT nik AS v FROM workers UNION SELECT nik FROM reconciliation_items UNION SELECT nik FROM heirs WHERE nik IS NOT NULL
           UNION SELECT m[1] FROM import_rejected_rows, regexp_matches(raw, '(\\d{16})', 'g') AS m`,
        )
      ).map((r) => r.v),
    );
    const kpjs = new Set((await t.db.query<{ v: string }>(`SELECT kpj AS v FROM participants WHERE kpj IS NOT NULL`)).map((r) => r.v));
    // Phones from the imports, and an heir's bank account.
    const phones = ['081299887766', '081311223344', '085700001111', '9876543210123'];
    const outsideVillage = await t.db.query<{ nik: string; full_name: string }>(`SELECT nik, full_name FROM workers WHERE village_code <> $1`, [
      home.villages[0],
    ]);
    const awayNiks = (await t.db.query<{ nik: string }>(`SELECT nik FROM workers WHERE village_code LIKE '33.%'`)).map((r) => r.nik);
    const registry = await t.db.query<{ full_name: string }>('SELECT full_name FROM workers');
    const otherDonors = await t.db.query<{ name: string; email: string }>('SELECT name, email FROM donors WHERE id <> $1', [home.donorId]);
    let checked = 0;
    const leaks: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET'))
      for (const role of WORLD_ROLES) {
        if (r.access !== 'public' && r.access !== 'signed_in' && !can(role, r.access)) continue;
        const res = await send(sessions[role], r, urlFor(r, home));
        if (res.statusCode !== 200) continue;
        checked++;
        const body = r.download && res.headers['content-type']?.toString().includes('spreadsheetml') ? await xlsxText(res.rawPayload) : res.body;
        const where = `${role} GET ${r.url}`;
        if (role !== 'super_admin') for (const nik of awayNiks) if (body.includes(nik)) leaks.push(`${where}: another province's NIK`);
        if (!can(role, 'nik.full')) {
          for (const m of body.matchAll(/\d{16}/g)) if (niks.has(m[0])) leaks.push(`${where}: NIK in full`);
          for (const m of body.matchAll(/\d{11}/g)) if (kpjs.has(m[0])) leaks.push(`${where}: KPJ in full`);
          for (const p of phones) if (body.includes(p)) leaks.push(`${where}: phone in full`);
        }
        // A donor sees their own rows only: no registry name but the worker they named, no other donor.
        if (role === 'donor') {
          for (const w of registry)
            if (w.full_name !== 'Pekerja Donor 3509' && body.includes(w.full_name)) leaks.push(`${where}: registry name (${w.full_name})`);
          for (const d of otherDonors) if (body.includes(d.email) || body.includes(d.name)) leaks.push(`${where}: another donor (${d.name})`);
        }
        if (role === 'village_operator')
          for (const w of outsideVillage) {
            if (body.includes(w.nik)) leaks.push(`${where}: NIK of another village`);
            if (new RegExp(`${w.full_name}(?!\\d)`).test(body)) leaks.push(`${where}: name of another village (${w.full_name})`);
          }
      }
    expect([...new Set(leaks)]).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});

/** The text of every cell of an XLSX download, to search it like a CSV. */
async function xlsxText(buf: Buffer): Promise<string> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => out.push((row.values as unknown[]).map((v) => String(v ?? '')).join(';'))));
  return out.join('\n');
}

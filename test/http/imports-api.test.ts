import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { fixture } from '../helpers/imports.js';
import { call, loginAs, multipart, testApp, type Session } from '../helpers/http.js';

let t: TestDb;
let app: FastifyInstance;
let s: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'operator', 'regency_operator', '35.09');
  await insertUser(t.db, 'pemeriksa', 'auditor', '35.09');
  s = await loginAs(app, 'operator');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

function upload(session: Session | null, name: string, content: Buffer, query = '') {
  const { payload, contentType } = multipart(name, content);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  return app.inject({ method: 'POST', url: `/api/v1/imports${query}`, headers, payload });
}

async function waitDone(id: number): Promise<{ status: string; counts: Record<string, number>; message: { en: string } }> {
  for (let i = 0; i < 200; i++) {
    const v = (await call(app, s, 'GET', `/api/v1/imports/${id}`)).json() as { status: string; counts: Record<string, number>; message: { en: string } };
    if (v.status !== 'running' && v.status !== 'created') return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

describe('imports API', () => {
  it('keeps no partial file when an upload is cut off (a closed tab)', async () => {
    const { payload, contentType } = multipart('putus.csv', readFileSync(fixture('dirty-semicolon.csv')));
    const cut = payload.subarray(0, payload.length - 200); // no closing boundary: the stream ends mid-file
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': contentType, cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: cut,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const uploads = join(app.config.dataDir, 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  });

  it('uploads, proposes a mapping, starts, reports progress and result, and serves the report', async () => {
    const res = await upload(s, 'desa.csv', readFileSync(fixture('dirty-semicolon.csv')));
    expect(res.statusCode).toBe(201);
    const created = res.json() as { id: number; status: string; headers: string[]; mapping: Record<string, number>; sample: string[][] };
    expect(created).toMatchObject({
      status: 'created',
      headers: ['NIK', 'Nama Lengkap', 'Tgl. Lahir', 'JK', 'ALAMAT', 'KDDESA', 'PEKERJAAN', 'DESIL', 'PENGHASILAN', 'No HP'],
    });
    expect(created.mapping).toMatchObject({ nik: 0, fullName: 1, birthDate: 2, sex: 3, villageCode: 5 });
    expect(created.sample[0]![0]).toBe('3509171203850001');

    const started = await call(app, s, 'POST', `/api/v1/imports/${created.id}/start`, { mapping: created.mapping, policy: 'upsert' });
    expect(started.statusCode).toBe(202);
    const done = await waitDone(created.id);
    expect(done).toMatchObject({ status: 'completed', counts: { total: 13, inserted: 5, invalid: 8 } });

    const errors = (await call(app, s, 'GET', `/api/v1/imports/${created.id}/errors?limit=3`)).json() as { items: { rowNo: number }[] };
    expect(errors.items.map((e) => e.rowNo)).toEqual([6, 7, 8]);
    const report = await call(app, s, 'GET', `/api/v1/imports/${created.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.headers['content-disposition']).toContain(`impor-${created.id}-baris-bermasalah.csv`);
    expect(report.body.trim().split('\r\n')).toHaveLength(9);
    const xlsx = await call(app, s, 'GET', `/api/v1/imports/${created.id}/report.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const again = await call(app, s, 'POST', `/api/v1/imports/${created.id}/start`, {});
    expect(again.statusCode).toBe(409);
    const list = (await call(app, s, 'GET', '/api/v1/imports')).json() as { items: { id: number }[] };
    expect(list.items[0]!.id).toBe(created.id);
    // The upload is personal data: deleted once the import has ended; the report lives on from staging.
    const [{ file_path }] = (await t.db.query<{ file_path: string }>(`SELECT file_path FROM imports WHERE id = $1`, [created.id])) as [{ file_path: string }];
    expect(existsSync(file_path)).toBe(false);
    expect((await call(app, s, 'GET', `/api/v1/imports/${created.id}/report.csv`)).body.trim().split('\r\n')).toHaveLength(9);
  });

  it('starts at once with ?start=true and says when nothing changed', async () => {
    const res = await upload(s, 'desa.csv', readFileSync(fixture('dirty-semicolon.csv')), '?start=true');
    expect(res.statusCode).toBe(201);
    const done = await waitDone((res.json() as { id: number }).id);
    expect(done.counts).toMatchObject({ inserted: 0, unchanged: 5 });
  });

  it('previews a DTSEN update, shows its changes, and applies it by a job (issue 16.3)', async () => {
    const file = Buffer.from('NIK;DESIL;TGL MENINGGAL\n3509171203850001;3;\n3509175203850002;1;MENINGGAL\n3509171503900003;3;HIDUP\n3509171203850004;;\n');
    const res = await upload(s, 'dtsen-2026q4.csv', file, '?start=true&policy=dtsen_update&effectiveMonth=2027-01');
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { id: number }).id;
    expect((await waitDone(id)).status).toBe('previewed');
    const v = (await call(app, s, 'GET', `/api/v1/registry-updates/${id}`)).json() as { status: string; preview: { kinds: Record<string, number> } };
    expect(v.status).toBe('previewed');
    expect(v.preview.kinds).toMatchObject({ died: 1, decile_up: 1, new: 0 });
    const died = (await call(app, s, 'GET', `/api/v1/registry-updates/${id}/changes?kind=died`)).json() as { items: { nik: string; after: object }[] };
    expect(died.items).toEqual([expect.objectContaining({ nik: '3509175203850002', after: { died_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } })]);
    // The auditor reads the preview but cannot apply it.
    const auditor = await loginAs(app, 'pemeriksa');
    expect((await call(app, auditor, 'GET', `/api/v1/registry-updates/${id}/changes?kind=died`)).json()).toMatchObject({
      items: [{ nik: '3509••••••••0002' }],
    });
    expect((await call(app, auditor, 'POST', `/api/v1/registry-updates/${id}/apply`, {})).statusCode).toBe(403);
    const wrongKind = await call(app, s, 'GET', `/api/v1/registry-updates/${id}/changes?kind=pindah`);
    expect(wrongKind.statusCode).toBe(400);
    const queued = await call(app, s, 'POST', `/api/v1/registry-updates/${id}/apply`, {});
    expect(queued.statusCode).toBe(202);
    let status = '';
    for (let i = 0; i < 200 && status !== 'completed'; i++) {
      status = ((await call(app, s, 'GET', `/api/v1/registry-updates/${id}`)).json() as { status: string }).status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('completed');
    const [w] = await t.db.query<{ died: boolean; decile: number }>(
      `SELECT died_on IS NOT NULL AS died, welfare_decile AS decile FROM workers WHERE nik = '3509175203850002'`,
    );
    expect(w).toEqual({ died: true, decile: 1 });
    expect((await call(app, s, 'POST', `/api/v1/registry-updates/${id}/discard`, {})).statusCode).toBe(409);
    // A wrong effective month is refused before anything is staged, in both languages.
    const bad = await upload(s, 'dtsen.csv', file, '?start=true&policy=dtsen_update&effectiveMonth=2027-1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation', problems: [{ field: 'effectiveMonth', code: 'month_invalid' }] } });
  });

  it('takes an XLSX whose first rows have empty cells (as Excel saves a blank) and shows them as empty', async () => {
    // Issue 12.1: a blank cell in one of the first five rows answered 500 and left the import waiting for a mapping.
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['NIK', 'NAMA', 'TANGGAL LAHIR', 'ALAMAT', 'NO HP']);
    ws.addRow(['3509174506900001', 'Siti Aminah', '1990-06-05', null, '081234567890']);
    ws.addRow(['3509170101850002', 'Budi', null, 'Dusun Krajan', null]);
    const res = await upload(s, 'kosong.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json() as { id: number; status: string; sample: string[][] };
    expect(view.status).toBe('created');
    expect(view.sample).toEqual([
      ['3509174506900001', 'Siti Aminah', '1990-06-05', '', '081234567890'],
      ['3509170101850002', 'Budi', '', 'Dusun Krajan', ''],
    ]);
    expect((await call(app, s, 'GET', `/api/v1/imports/${view.id}`)).json()).toMatchObject({ sample: view.sample });
    // An import left waiting for its mapping can be removed from the list (cancelled; its upload deleted).
    expect((await call(app, s, 'POST', `/api/v1/imports/${view.id}/cancel`)).json()).toMatchObject({ status: 'cancelled' });
  });

  it('cancels an import before it starts', async () => {
    const res = await upload(s, 'nik.csv', readFileSync(fixture('nik-nama.csv')));
    const id = (res.json() as { id: number }).id;
    const cancelled = await call(app, s, 'POST', `/api/v1/imports/${id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await call(app, s, 'POST', `/api/v1/imports/${id}/start`, {})).statusCode).toBe(409);
  });

  it('refuses other formats, anonymous uploads and read-only roles, in both languages', async () => {
    const pdf = await upload(s, 'daftar.pdf', Buffer.from('%PDF-1.4'));
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json()).toMatchObject({
      error: { problems: [{ field: 'file', id: 'Berkas "daftar.pdf" bukan CSV atau XLSX', en: 'File "daftar.pdf" is not CSV or XLSX' }] },
    });
    expect((await upload(null, 'x.csv', Buffer.from('NIK,NAMA\n'))).statusCode).toBe(401);
    const auditor = await loginAs(app, 'pemeriksa');
    expect((await upload(auditor, 'x.csv', readFileSync(fixture('nik-nama.csv')))).statusCode).toBe(403);
    const empty = await upload(s, 'kosong.csv', Buffer.from('\r\n\r\n'));
    expect(empty.json()).toMatchObject({ error: { problems: [{ code: 'file_empty' }] } });
  });
});

import { createDeflateRaw } from 'node:zlib';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { insertUser } from '../helpers/factories.js';
import { loginAs, testApp, uploadAs, type Session } from '../helpers/http.js';

/**
 * The two hostile workbooks of the security review: a 1 MB XLSX whose workbook.xml inflates to 1 GiB,
 * and a small one whose shared-string table holds one 150 MB string. Each must be refused with its
 * reason while the server's memory rises by less than 100 MB and no request waits more than 100 ms.
 */
let t: TestDb;
let app: FastifyInstance;
let s: Session;

beforeAll(async () => {
  t = await openTestDb();
  app = await testApp(t.db);
  await insertUser(t.db, 'hostile.kab', 'regency_operator', '35.09');
  s = await loginAs(app, 'hostile.kab');
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

/** `bytes` of one repeated byte, deflated by streaming (never held whole). */
async function deflatedRepeat(prefix: string, bytes: number, suffix: string): Promise<Buffer> {
  const out: Buffer[] = [];
  const z = createDeflateRaw({ level: 9, memLevel: 9 });
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => z.on('end', r));
  z.write(prefix);
  const block = Buffer.alloc(1 << 20, 0x41);
  for (let n = 0; n < bytes; n += block.length) if (!z.write(block)) await new Promise((r) => z.once('drain', r));
  z.end(suffix);
  await done;
  return Buffer.concat(out);
}

/** A zip with the given deflated entries; sizes are stated as small (a liar's header). CRCs are not checked before inflating. */
function zip(entries: { name: string; data: Buffer; deflated: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflated ? 8 : 0, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(1000, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflated ? 8 : 0, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(1000, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const plain = (name: string, text: string) => ({ name, data: Buffer.from(text), deflated: false });
const skeleton = [
  plain('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  plain('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'),
];

async function measure(upload: () => Promise<{ statusCode: number; body: string }>) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const res = await upload();
  lag.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { res, riseMb: (peak - base) / 2 ** 20, maxLagMs: lag.max / 1e6 };
}

describe('hostile XLSX files', () => {
  it('refuses a 1 MB workbook whose workbook.xml inflates to 1 GiB, without the memory or the stall', async () => {
    const bomb = zip([...skeleton, { name: 'xl/workbook.xml', data: await deflatedRepeat('<workbook>', 1024 ** 3, '</workbook>'), deflated: true }]);
    expect(bomb.length).toBeLessThan(1.5 * 2 ** 20);
    const { res, riseMb, maxLagMs } = await measure(() => uploadAs(app, s, '/api/v1/imports', 'bom.xlsx', bomb));
    expect(res.statusCode).toBe(400);
    expect(res.body, res.body).toMatch(/zip bomb|32\.767/);
    console.info(
      `workbook bomb: ${(bomb.length / 2 ** 20).toFixed(2)} MB file, RSS +${riseMb.toFixed(1)} MB, longest event-loop stall ${maxLagMs.toFixed(1)} ms`,
    );
    expect(riseMb).toBeLessThan(100);
    expect(maxLagMs).toBeLessThan(100);
  }, 120_000);

  it('refuses a small workbook with one 150 MB shared string', async () => {
    const sst = await deflatedRepeat('<sst><si><t>', 150 * 2 ** 20, '</t></si></sst>');
    const file = zip([
      ...skeleton,
      plain('xl/workbook.xml', '<workbook><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      { name: 'xl/sharedStrings.xml', data: sst, deflated: true },
    ]);
    expect(file.length).toBeLessThan(400 * 1024);
    const { res, riseMb, maxLagMs } = await measure(() => uploadAs(app, s, '/api/v1/imports', 'string.xlsx', file));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('32.767');
    console.info(
      `shared-string bomb: ${(file.length / 1024).toFixed(0)} KB file, RSS +${riseMb.toFixed(1)} MB, longest event-loop stall ${maxLagMs.toFixed(1)} ms`,
    );
    expect(riseMb).toBeLessThan(100);
    expect(maxLagMs).toBeLessThan(100);
  }, 120_000);

  it('refuses a file that is not a zip at all, on every file door, with the reason', async () => {
    for (const url of ['/api/v1/imports', '/api/v1/coverage/inputs/upload']) {
      const res = await uploadAs(app, s, url, 'rusak.xlsx', Buffer.from('bukan zip sama sekali'));
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toMatch(/XLSX/);
    }
  });
});

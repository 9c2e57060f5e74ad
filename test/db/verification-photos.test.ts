import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { approvedPlan } from '../helpers/enrolment.js';
import { errorOf } from '../helpers/errors.js';
import { createRound, listItems, recordVerdict, signOff } from '../../src/modules/verification/verification.service.js';
import { photoOf, purgeExpiredPhotos, uploadPhoto } from '../../src/modules/verification/photos.service.js';

/** The optional KK/KTP photo of a round's worker (issue 16.1): kept, read by whom may, deleted after its retention. */
let t: TestDb;
let dir: string;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
let roundId: number;
let workerId: number;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

beforeAll(async () => {
  t = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'jaring-photo-'));
  const ids = await approvedPlan(t.db, disnaker, kabid, { tobacco: 3, drivers: 0, funded: 3 });
  roundId = (await createRound(t.db, disnaker, { name: 'Foto', planId: ids.planId })).id;
  workerId = (await listItems(t.db, disnaker, roundId, { page: 1, pageSize: 10 })).items[0]!.workerId;
});
afterAll(() => t.cleanup());

const file = (name: string, content: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path };
};

describe('a KK/KTP photo in a verification round', () => {
  it('is kept with the worker’s item, read only by roles that see identifiers in full, audit-logged', async () => {
    expect(await uploadPhoto(t.db, disnaker, roundId, { workerId, kind: 'KTP' }, file('ktp.jpg', JPEG))).toEqual({ workerId, kind: 'KTP', bytes: JPEG.length });
    const items = (await listItems(t.db, disnaker, roundId, { page: 1, pageSize: 10 })).items;
    expect(items.find((i) => i.workerId === workerId)!.photo).toBe('KTP');
    expect(items.filter((i) => i.photo === null)).toHaveLength(2);
    const p = await photoOf(t.db, disnaker, roundId, { workerId });
    expect(p.contentType).toBe('image/jpeg');
    expect(Buffer.compare(p.content, JPEG)).toBe(0);
    expect((await errorOf(photoOf(t.db, actor('auditor', '35.09'), roundId, { workerId }))).code).toBe('forbidden');
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'verification.photo%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['verification.photo_upload', 'verification.photo_read']);
  });

  it('refuses what is not a photo, a missing worker and a wrong kind, in both languages', async () => {
    const html = await errorOf(uploadPhoto(t.db, disnaker, roundId, { workerId, kind: 'KK' }, file('x.jpg', Buffer.from('<html>'))));
    expect(html.problems[0]).toMatchObject({ field: 'file', code: 'format' });
    expect(html.messageEn).toMatch(/JPEG, PNG or PDF/);
    expect((await errorOf(uploadPhoto(t.db, disnaker, roundId, { kind: 'KK' }, file('a.jpg', JPEG)))).problems[0]).toMatchObject({ field: 'workerId' });
    expect((await errorOf(uploadPhoto(t.db, disnaker, roundId, { workerId, kind: 'SIM' }, file('b.jpg', JPEG)))).problems[0]).toMatchObject({ field: 'kind' });
    expect((await errorOf(uploadPhoto(t.db, actor('regency_operator', '35.11'), roundId, { workerId, kind: 'KK' }, file('c.jpg', JPEG)))).code).toBe(
      'not_found',
    );
  });

  it('is deleted 12 months after the round is signed off (verification.photo_retention_months)', async () => {
    for (const i of (await listItems(t.db, disnaker, roundId, { page: 1, pageSize: 10 })).items)
      await recordVerdict(t.db, disnaker, roundId, { workerId: i.workerId, verdict: 'confirmed' });
    await signOff(t.db, kabid, roundId);
    expect(await purgeExpiredPhotos(t.db)).toBe(0);
    await t.db.query(`UPDATE verification_rounds SET signed_off_at = now() - interval '13 months' WHERE id = $1`, [roundId]);
    expect(await purgeExpiredPhotos(t.db)).toBe(1);
    expect(await t.db.query('SELECT 1 FROM verification_photos')).toHaveLength(0);
  });
});

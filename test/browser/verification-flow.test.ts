import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor } from '../helpers/factories.js';
import { createRound } from '../../src/modules/verification/verification.service.js';

const run = browserAvailable();

/**
 * Issue 16.1: a village operator verifies the round's workers of their village on a 390 px phone — confirms
 * one, corrects another's phone, rejects a third who died — and the checker at Disnaker signs the round off.
 */
describe.runIf(run)('field verification on a phone', { timeout: 240_000 }, () => {
  let w: WebApp;
  let village: string;
  let roundId: number;
  beforeAll(async () => {
    w = await startWebApp(0);
    const user = async (name: string) =>
      (await w.db.query<{ id: number; region_code: string }>(`SELECT id, region_code FROM users WHERE username = $1`, [name]))[0]!;
    village = (await user('desa')).region_code;
    const disnaker = actor('regency_operator', '35.09', (await user('disnaker')).id, 'disnaker');
    // Three workers registered in the operator's village.
    await w.db.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile, phone)
       SELECT lpad((3509010101900000 + i)::text, 16, '0'), 'Warga Desa ' || i, date '1980-01-01' + i, 'L', $1, 'tobacco_farm_labourer', 2, '081200000' || i
         FROM generate_series(1, 3) AS i`,
      [village],
    );
    roundId = (await createRound(w.db, disnaker, { name: 'Verifikasi desa Desember', regions: [village], dueOn: '2026-12-31' })).id;
  });
  afterAll(() => w?.close());

  it('Disnaker sees the village has not started on the progress map and reminds its operator by e-mail', async () => {
    const desk = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await desk.newPage();
      await loginPage(page, w.base, `/verification/${roundId}`, 'disnaker');
      const tile = page.getByTestId('map').locator(`[data-code="${village}"]`);
      await tile.waitFor();
      expect(await tile.getAttribute('class')).toContain('c1'); // nothing verified yet
      expect(await tile.textContent()).toContain('0 %');
      await page.getByTestId('remind').getByRole('button', { name: 'Kirim pengingat sekarang' }).click();
      await page.getByTestId('remind').getByText('1 desa diingatkan: 1 e-mail masuk antrean; 0 desa tanpa alamat e-mail operator').waitFor();
      await expect.poll(async () => (await page.getByTestId('village-progress').locator('tbody tr').first().textContent()) ?? '').toMatch(/WIB/);
      await page.screenshot({ path: `${ARTIFACTS}/39-verify-remind.png`, fullPage: true });
      const mail = await w.db.query<{ to_address: string; purpose: string }>(
        `SELECT to_address, purpose FROM mail_outbox WHERE purpose = 'verification.remind'`,
      );
      expect(mail).toEqual([{ to_address: 'operator.desa@contoh.id', purpose: 'verification.remind' }]);
    } finally {
      await desk.close();
    }
  });

  it('the village operator works through the list with three buttons, the checker signs off', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/verification', 'desa');
      await page.getByTestId('rounds').getByRole('link', { name: 'Verifikasi desa Desember' }).click();
      const list = page.getByTestId('verify-items');
      await expect.poll(() => list.locator('li').count()).toBe(3);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${ARTIFACTS}/40-verify-phone.png`, fullPage: true });
      const ids = (await w.db.query<{ id: number }>(`SELECT worker_id AS id FROM verification_items WHERE round_id = $1 ORDER BY worker_id`, [roundId])).map(
        (r) => r.id,
      );
      // 1: a photo of the KTP taken on the phone, then confirmed as registered.
      const ktp = join(mkdtempSync(join(tmpdir(), 'ktp-')), 'ktp.jpg');
      writeFileSync(ktp, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]));
      await page.getByTestId(`verify-${ids[0]}`).locator('input[name="photo"]').setInputFiles(ktp);
      await page.getByTestId(`verify-${ids[0]}`).getByText('Foto KTP tersimpan').waitFor();
      await page.getByTestId(`verify-${ids[0]}`).getByTestId('confirm').click();
      await expect.poll(() => list.locator('li').count()).toBe(2);
      // 2: a new phone number; a wrong one first is refused with the field named.
      const second = page.getByTestId(`verify-${ids[1]}`);
      await second.getByTestId('correct').click();
      await second.locator('input[name="newPhone"]').fill('12ab');
      await second.getByRole('button', { name: 'Simpan' }).click();
      await second.getByText(/Nomor HP tidak dikenali/).waitFor();
      await second.locator('input[name="newPhone"]').fill('0813 5555 0101');
      await second.getByRole('button', { name: 'Simpan' }).click();
      await expect.poll(() => list.locator('li').count()).toBe(1);
      // 3: died.
      const third = page.getByTestId(`verify-${ids[2]}`);
      await third.getByTestId('reject').click();
      await third.locator('select[name="reason"]').selectOption('died');
      await third.getByRole('button', { name: 'Simpan' }).click();
      await expect.poll(() => list.locator('li').count()).toBe(0);
      await expect.poll(() => page.getByTestId('round-status').textContent()).toContain('3 dari 3 diverifikasi');
      expect(await page.getByTestId('sign-off').count()).toBe(0); // a village operator does not sign off
      await page.screenshot({ path: `${ARTIFACTS}/41-verify-phone-done.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
    const desk = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await desk.newPage();
      await loginPage(page, w.base, `/verification/${roundId}`, 'kabid');
      const progress = page.getByTestId('village-progress');
      await progress.waitFor();
      expect(await progress.locator('tbody tr').first().textContent()).toMatch(/1\s*1\s*1\s*0\s*\d{1,2} \p{L}+ \d{4}/u);
      // The BPJS check (issue 16.2): the branch answers that the first worker is already a wage-earner participant.
      const bpjs = page.getByTestId('bpjs-check');
      const file = join(mkdtempSync(join(tmpdir(), 'bpjs-')), 'jawaban-bpjs.csv');
      writeFileSync(file, 'NIK;SEGMEN;KPJ;STATUS\n3509010101900001;PU;1234567;AKTIF\n');
      await bpjs.locator('input[name="bpjsAnswer"]').setInputFiles(file);
      await bpjs.getByTestId('upload-bpjs-answer').click();
      await bpjs.getByText('baris 2: KPJ "1234567" harus 11 angka untuk peserta').waitFor();
      writeFileSync(file, 'NIK;SEGMEN;KPJ;STATUS\n3509010101900001;PU;12345678901;AKTIF\n3509010101900002;TIDAK TERDAFTAR;;\n');
      await bpjs.locator('input[name="bpjsAnswer"]').setInputFiles(file);
      await bpjs.getByTestId('upload-bpjs-answer').click();
      await expect.poll(() => bpjs.getByTestId('bpjs-pu').textContent()).toBe('1');
      await page.screenshot({ path: `${ARTIFACTS}/41b-verify-bpjs-check.png`, fullPage: true });
      await page.getByTestId('sign-off').getByRole('button', { name: 'Sahkan putaran' }).click();
      await expect.poll(() => page.getByTestId('round-status').textContent()).toContain('Disahkan oleh kabid');
      const pu = await w.db.query<{ bpjs_elsewhere: string; is_wage_earner: boolean }>(
        `SELECT bpjs_elsewhere, is_wage_earner FROM workers WHERE nik = '3509010101900001'`,
      );
      expect(pu).toEqual([{ bpjs_elsewhere: 'PU', is_wage_earner: true }]);
      await page.screenshot({ path: `${ARTIFACTS}/42-verify-signed-off.png`, fullPage: true });
    } finally {
      await desk.close();
    }
    const phones = await w.db.query<{ phone: string; verified_on: string | null }>(
      `SELECT phone, verified_on::text FROM workers WHERE village_code = $1 AND full_name LIKE 'Warga Desa %' ORDER BY id`,
      [village],
    );
    expect(phones.map((p) => [p.phone, p.verified_on !== null])).toEqual([
      ['0812000001', true],
      ['+6281355550101', true],
      ['0812000003', false],
    ]);
  });
  it('Disnaker searches for likely duplicates, reads why a pair looks alike, and merges it', async () => {
    // "Warga Desa 1" entered again under a NIK with two neighbouring digits swapped.
    await w.db.query(
      `INSERT INTO workers (nik, full_name, birth_date, sex, village_code, sector_code, welfare_decile)
       SELECT '3509011001900001', full_name, birth_date, sex, village_code, sector_code, welfare_decile FROM workers WHERE nik = '3509010101900001'`,
    );
    const ctx = await w.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/duplicates', 'disnaker');
      await page.getByTestId('search-duplicates').click();
      await page.getByText(/1 pasangan \(1 baru\)/).waitFor();
      const pair = page.getByTestId('pairs').locator('li.card').first();
      await expect.poll(() => pair.textContent()).toContain('NIK sama kecuali dua angka bersebelahan tertukar');
      expect(await pair.textContent()).toContain('+30 nama sama');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${ARTIFACTS}/43-duplicates-phone.png`, fullPage: true });
      const keep = (await w.db.query<{ id: number }>(`SELECT id FROM workers WHERE nik = '3509010101900001'`))[0]!.id;
      await page.getByTestId(`keep-${keep}`).click();
      await page.getByText('Tidak ada pasangan terbuka.').waitFor();
    } finally {
      await ctx.close();
    }
    expect((await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workers WHERE nik = '3509011001900001'`))[0]!.n).toBe(0);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/imports.js';
import { ARTIFACTS, browserAvailable, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';

const run = browserAvailable();

describe.runIf(run)('import wizard in Chromium', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp(0);
  });
  afterAll(() => w?.close());

  it('uploads a dirty village file, maps columns, runs it and shows the result with rejected rows', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await loginPage(page, w.base, '/imports', 'disnaker');
      await page.getByRole('heading', { name: 'Impor daftar pekerja' }).waitFor();
      await page.locator('input[type="file"]').setInputFiles(fixture('dirty-semicolon.csv'));
      await page.getByRole('button', { name: 'Unggah' }).click();

      await page.getByRole('columnheader', { name: 'Kolom di berkas' }).waitFor();
      const nikSelect = page.getByRole('combobox', { name: 'NIK' });
      expect(await nikSelect.locator('option:checked').textContent()).toBe('NIK');
      expect(await page.getByRole('combobox', { name: 'Kode desa' }).locator('option:checked').textContent()).toBe('KDDESA');
      await page.screenshot({ path: `${ARTIFACTS}/05-import-mapping.png`, fullPage: true });
      await page.getByLabel('Perbarui dengan data berkas').check();
      await page.getByRole('button', { name: 'Mulai impor' }).click();

      const counts = page.getByTestId('import-counts');
      await counts.waitFor({ timeout: 30_000 });
      await expect.poll(() => counts.locator('.inserted strong').textContent()).toBe('5');
      expect(await counts.locator('.invalid strong').textContent()).toBe('8');
      const problems = page.getByTestId('problems');
      await problems.getByText('notasi ilmiah').waitFor();
      expect(await problems.textContent()).toContain('NIK sama dengan baris 2');
      await page.screenshot({ path: `${ARTIFACTS}/06-import-result.png`, fullPage: true });

      const report = await page.request.get(
        await page
          .getByRole('link', { name: 'Excel (.xlsx)' })
          .getAttribute('href')
          .then((h) => `${w.base}${h}`),
      );
      expect(report.status()).toBe(200);
      expect(report.headers()['content-type']).toContain('spreadsheetml');
      const rows = await w.db.query<{ n: number }>(`SELECT count(*) AS n FROM workers`);
      expect(rows[0]!.n).toBe(5);
    } finally {
      await page.close();
    }
  });

  it('previews a quarterly DTSEN update, shows what it changes, and applies it (issue 16.3)', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const rows = await w.db.query<{ nik: string; welfare_decile: number | null }>(`SELECT nik, welfare_decile FROM workers ORDER BY nik`);
      const file = join(mkdtempSync(join(tmpdir(), 'dtsen-')), 'DTSEN-2026-Q4.csv');
      const lines = ['NIK;DESIL;TGL MENINGGAL', ...rows.map((r, i) => `${r.nik};${i === 0 ? 9 : (r.welfare_decile ?? '')};${i === 1 ? '20-11-2026' : ''}`)];
      writeFileSync(file, lines.join('\n') + '\n');
      await loginPage(page, w.base, '/imports', 'disnaker');
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByRole('button', { name: 'Unggah' }).click();
      await page.getByRole('columnheader', { name: 'Kolom di berkas' }).waitFor();
      // The death column is recognised, and with it the DTSEN update is proposed.
      expect(await page.getByRole('combobox', { name: 'Tanggal/status meninggal (DTSEN)' }).locator('option:checked').textContent()).toBe('TGL MENINGGAL');
      expect(await page.getByLabel('Pembaruan DTSEN triwulanan').isChecked()).toBe(true);
      await page.locator('input[name="effectiveMonth"]').fill('2027-01');
      await page.getByRole('button', { name: 'Mulai impor' }).click();
      const preview = page.getByTestId('update-preview');
      await preview.waitFor({ timeout: 30_000 });
      await preview.getByText('Belum ada yang berubah').waitFor();
      expect(await preview.getByTestId('kind-died').textContent()).toBe('Meninggal (1)');
      expect(await preview.getByTestId('kind-decile_up').textContent()).toBe('Desil naik (1)');
      expect(await preview.getByTestId('losing').locator('strong').textContent()).toBe('0');
      await preview.getByTestId('kind-died').click();
      await expect.poll(() => preview.getByTestId('changes').locator('tbody tr').count()).toBe(1);
      expect(await preview.getByTestId('changes').textContent()).toContain('Meninggal: 2026-11-20');
      await page.screenshot({ path: `${ARTIFACTS}/06b-dtsen-preview.png`, fullPage: true });
      // The same preview on a 390 px phone: nothing scrolls sideways (the change table scrolls inside itself).
      await page.setViewportSize({ width: 390, height: 844 });
      await preview.getByTestId('apply-update').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await preview.getByTestId('apply-update').isVisible()).toBe(true);
      // The language switch keeps both buttons whole beside a long "user · role · region" (it was squeezed).
      const lang = page.locator('.user .lang');
      const [switchBox, enBox] = [await lang.boundingBox(), await lang.getByRole('button', { name: 'EN' }).boundingBox()];
      expect(enBox!.x + enBox!.width).toBeLessThanOrEqual(switchBox!.x + switchBox!.width + 0.5);
      expect(await lang.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/06d-dtsen-preview-phone.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect((await w.db.query(`SELECT 1 FROM workers WHERE died_on IS NOT NULL`)).length).toBe(0);
      await preview.getByTestId('apply-update').click();
      await preview.getByTestId('confirm-apply').click();
      await page.locator('.status.completed').waitFor({ timeout: 30_000 });
      expect((await w.db.query(`SELECT 1 FROM workers WHERE died_on = '2026-11-20'`)).length).toBe(1);
      expect((await w.db.query<{ d: number }>(`SELECT welfare_decile AS d FROM workers WHERE nik = $1`, [rows[0]!.nik]))[0]!.d).toBe(9);
      await page.screenshot({ path: `${ARTIFACTS}/06c-dtsen-applied.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });
});

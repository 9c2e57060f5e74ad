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
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';

const run = browserAvailable();

describe.runIf(run)('web app in Chromium', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp(400);
  });
  afterAll(() => w?.close());

  it('logs in, searches, edits a worker and shows the audit entry', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await loginPage(page, w.base, '/workers', 'disnaker');
      await page.getByRole('heading', { name: 'Daftar pekerja' }).waitFor();
      await expect.poll(() => page.getByTestId('count').textContent()).toBe('400 pekerja');
      await page.getByText('Data contoh SINTETIS').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/01-worker-list.png`, fullPage: true });

      // Search by name: the first synthetic worker whose name starts with Siti.
      const target = (
        await w.db.query<{ id: number; full_name: string }>(`SELECT id, full_name FROM workers WHERE full_name LIKE 'Siti %' ORDER BY id LIMIT 1`)
      )[0]!;
      await page.getByLabel('Cari', { exact: true }).fill(target.full_name);
      await page.getByRole('button', { name: 'Cari' }).click();
      await page.getByRole('link', { name: target.full_name }).first().waitFor();
      await page.locator(`a[href="/workers/${target.id}"]`).click();
      await page.getByRole('heading', { name: target.full_name }).waitFor();

      await page.getByRole('link', { name: 'Ubah' }).click();
      await page.getByRole('heading', { name: 'Ubah data pekerja' }).waitFor();
      // The form is filled with the worker once it has loaded: typing before that raced it on a slow CI machine
      // (the new name landed after the old one, "Siti ZainalSiti Nurhaliza Uji").
      await expect.poll(() => page.locator('input[name="fullName"]').inputValue()).toBe(target.full_name);
      await page.locator('input[name="fullName"]').fill('Siti Nurhaliza Uji');
      // A wrong NIK first: the form shows the problem next to the field and saves nothing.
      const nik = await page.locator('input[name="nik"]').inputValue();
      await page.locator('input[name="nik"]').fill(nik.slice(0, 15));
      await page.getByRole('button', { name: 'Simpan' }).click();
      await page.locator('[data-field="nik"] .field-error').getByText('NIK harus 16 digit, ditemukan 15').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/02-field-error.png`, fullPage: true });
      await page.locator('input[name="nik"]').fill(nik);
      await page.getByRole('button', { name: 'Simpan' }).click();

      await page.getByRole('heading', { name: 'Siti Nurhaliza Uji' }).waitFor();
      const history = page.getByTestId('history');
      await history.getByText('Siti Nurhaliza Uji').waitFor();
      await expect.poll(() => history.locator('.old').first().textContent()).toBe(target.full_name);
      expect(await history.textContent()).toContain('disnaker');
      await page.screenshot({ path: `${ARTIFACTS}/03-audit-history.png`, fullPage: true });

      // The English switch.
      await page.getByRole('button', { name: 'EN' }).click();
      await page.getByRole('heading', { name: 'Change history' }).waitFor();
      const stored = await w.db.query<{ full_name: string; version: number }>(`SELECT full_name, version FROM workers WHERE id = $1`, [target.id]);
      expect(stored[0]).toEqual({ full_name: 'Siti Nurhaliza Uji', version: 2 });
    } finally {
      await page.close();
    }
  });

  it('browses regions down to a village', async () => {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await loginPage(page, w.base, '/regions/35.09', 'auditor');
      await page.getByRole('link', { name: 'Ajung' }).click();
      await page.getByRole('link', { name: 'Sukamakmur' }).waitFor();
      expect(await page.locator('.crumbs').textContent()).toContain('Kabupaten Jember');
      await page.screenshot({ path: `${ARTIFACTS}/04-regions.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });
});

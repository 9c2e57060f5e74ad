import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { webRoot } from '../../src/server.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/modules/demo/seed-demo.service.js';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { fixture } from '../helpers/imports.js';
import { ARTIFACTS, browserAvailable, launch } from '../helpers/browser.js';

const run = browserAvailable();

describe.runIf(run)('import wizard in Chromium', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(`${webRoot()}/index.html`)) throw new Error('dist/web is missing: npm test builds it first (vite build)');
    t = await openTestDb();
    await seedDemo(t.db, { workers: 0 });
    app = await buildApp({ db: t.db, config: loadConfig({ JARING_DATA_DIR: mkdtempSync(join(tmpdir(), 'jaring-web-')) }), logger: false, webRoot: webRoot() });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.cleanup();
  });

  it('uploads a dirty village file, maps columns, runs it and shows the result with rejected rows', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${base}/imports`, { waitUntil: 'load' });
      await page.getByLabel('Nama pengguna').fill('disnaker');
      await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Masuk' }).click();
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
          .then((h) => `${base}${h}`),
      );
      expect(report.status()).toBe(200);
      expect(report.headers()['content-type']).toContain('spreadsheetml');
      const rows = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM workers`);
      expect(rows[0]!.n).toBe(5);
    } finally {
      await page.close();
    }
  });
});

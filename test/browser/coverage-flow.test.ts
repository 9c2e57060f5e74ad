import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor } from '../helpers/factories.js';
import { answerRows, approvedPlan } from '../helpers/enrolment.js';
import { importInputs, setTarget } from '../../src/modules/coverage/coverage.service.js';
import { importBoundaries } from '../../src/modules/coverage/boundaries.service.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { listInvoices, recordPayment, runBilling } from '../../src/modules/billing/billing.service.js';

const run = browserAvailable();
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/coverage/${name}`, import.meta.url));

describe.runIf(run)('coverage in Chromium: dashboard, map, drill-down, public status check', () => {
  let w: WebApp;
  let worker: { nik: string; birth_date: string; kpj: string };
  beforeAll(async () => {
    w = await startWebApp(200);
    const admin = actor('super_admin', null, null, 'admin');
    await importInputs(w.db, admin, { path: fixture('ucj-2024.csv'), format: 'csv', name: 'ucj-2024.csv' });
    await importInputs(w.db, admin, { path: fixture('ucj-2023.csv'), format: 'csv', name: 'ucj-2023.csv' });
    await setTarget(w.db, admin, { regionCode: '15', year: 2024, value: 55, source: 'BPJS Ketenagakerjaan Kanwil Jambi' });
    // A protected worker for the public status check: enrolled, July 2026 billed and paid.
    const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
    const ids = await approvedPlan(w.db, disnaker, actor('regency_operator', '35.09', null, 'kabid'));
    const b = await createBatch(w.db, disnaker, ids.planId);
    const rows = await answerRows(w.db, b.id);
    await applyAnswer(w.db, disnaker, b.id, parseAnswer(rows).rows);
    await runBilling(w.db, disnaker, { programId: ids.programId, month: '2026-07' });
    const inv = (await listInvoices(w.db, disnaker)).find((i) => i.sourceName === 'DBHCHT')!;
    await recordPayment(w.db, disnaker, inv.id, { paidOn: '2026-07-03', reference: 'SP2D', amount: inv.total });
    worker = (
      await w.db.query<{ nik: string; birth_date: string; kpj: string }>(
        `SELECT w.nik, w.birth_date, p.kpj FROM invoice_lines l JOIN participants p ON p.id = l.participant_id JOIN workers w ON w.id = p.worker_id WHERE l.paid LIMIT 1`,
      )
    )[0]!;
  });
  afterAll(() => w?.close());

  it('shows Jambi against its 55 % target, ranks its regencies on a schematic map, drills down, then maps imported boundaries', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/coverage?region=15&asOf=2024-08-12', 'admin');
      await page.getByRole('heading', { name: /Cakupan jaminan sosial ketenagakerjaan · Jambi/ }).waitFor();
      expect(await page.getByTestId('coverage-pct').textContent()).toBe('39,52 %');
      expect(await page.getByTestId('gap').textContent()).toContain('Kurang 203.172 peserta untuk target 55,00 % tahun 2024');
      expect(await page.getByTestId('gap').textContent()).toContain('Rp 40.959.475.200 per tahun');
      const map = page.getByTestId('map');
      expect(await map.getAttribute('data-kind')).toBe('schematic');
      expect(await map.locator('.tile').count()).toBe(11);
      expect(await map.locator('.tile[data-code="15.04"]').getAttribute('class')).toContain('c5'); // ≥ 50 %
      const first = page.getByTestId('coverage-table').locator('tbody tr').filter({ hasText: 'Batanghari' });
      expect(await first.locator('td').first().textContent()).toBe('1');
      await page.screenshot({ path: `${ARTIFACTS}/30-coverage-dashboard.png`, fullPage: true });

      // Official boundaries loaded by the deployment turn the schematic into a choropleth.
      const dir = mkdtempSync(join(tmpdir(), 'jaring-geo-'));
      const codes = ['15.01', '15.02', '15.03', '15.04', '15.05', '15.06', '15.07', '15.08', '15.09', '15.71', '15.72'];
      const feature = (code: string, i: number) => ({
        type: 'Feature',
        properties: { KODE: code },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [101 + (i % 4), -1 - Math.floor(i / 4)],
              [102 + (i % 4), -1 - Math.floor(i / 4)],
              [102 + (i % 4), -2 - Math.floor(i / 4)],
              [101 + (i % 4), -2 - Math.floor(i / 4)],
              [101 + (i % 4), -1 - Math.floor(i / 4)],
            ],
          ],
        },
      });
      writeFileSync(join(dir, 'jambi.geojson'), JSON.stringify({ type: 'FeatureCollection', features: codes.map(feature) }));
      await importBoundaries(w.db, actor('super_admin', null, null, 'admin'), { path: join(dir, 'jambi.geojson'), name: 'jambi.geojson', source: 'uji' });
      await page.reload({ waitUntil: 'load' });
      await expect.poll(() => page.getByTestId('map').getAttribute('data-kind')).toBe('choropleth');
      expect(await page.locator('path.region').count()).toBe(11);
      await page.screenshot({ path: `${ARTIFACTS}/31-coverage-choropleth.png`, fullPage: true });

      // Drill down into a regency from the map.
      await page.locator('path.region[data-code="15.07"]').click();
      await page.getByRole('heading', { name: /Tanjung Jabung Timur/ }).waitFor();
      expect(await page.getByTestId('coverage-pct').textContent()).toBe('26,66 %');
      // A corrected numerator, edited in the UI: the percentage is recomputed, never typed.
      await page.getByTestId('edit-input').click();
      const form = page.getByTestId('input-form');
      await form.locator('input[name="activeTotal"]').fill('33.000');
      await form.getByRole('button', { name: 'Simpan' }).click();
      await expect.poll(() => page.getByTestId('coverage-pct').textContent()).toBe('30,00 %');
      await page.screenshot({ path: `${ARTIFACTS}/33-coverage-edited.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it('the public page needs no login, shows no personal data, and answers only the worker who holds their KPJ card', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`${w.base}/publik`, { waitUntil: 'load' });
      await page.getByRole('heading', { name: /halaman publik/ }).waitFor();
      // 12.9: no "Indonesia" headline made of the few provinces that have data.
      await expect
        .poll(() => page.getByTestId('public-pct').textContent())
        .toMatch(/^Indonesia: belum ada angka nasional — data tersedia untuk \d+ dari 38 provinsi$/);
      await page.getByTestId('public-table').getByRole('button', { name: 'Jambi' }).click();
      await expect.poll(() => page.getByTestId('public-pct').textContent()).toBe('Jambi: 39,52 %');
      expect(new URL(page.url()).search).toBe('?region=15');
      expect(await page.getByTestId('public-source').textContent()).toMatch(/^Per \d{1,2} [A-Z][a-z]+ \d{4}\. Peserta: /);
      await page.reload({ waitUntil: 'load' });
      await expect.poll(() => page.getByTestId('public-pct').textContent()).toBe('Jambi: 39,52 %');
      expect(await page.content()).not.toMatch(/\d{16}/);
      const form = page.getByTestId('status-check');
      await form.locator('input[name="nik"]').fill(worker.nik);
      await form.locator('input[name="kpj"]').fill('12345678901');
      await form.getByRole('button', { name: 'Periksa' }).click();
      await expect.poll(() => page.getByTestId('status-result').textContent()).toContain('Data tidak cocok');
      await form.locator('input[name="kpj"]').fill(worker.kpj);
      await form.getByRole('button', { name: 'Periksa' }).click();
      await expect.poll(() => page.getByTestId('status-result').textContent()).toContain('31 Juli 2026');
      await page.screenshot({ path: `${ARTIFACTS}/32-public-status.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
  });
});

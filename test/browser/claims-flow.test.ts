import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, fillDate, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor } from '../helpers/factories.js';
import { answerRows, approvedPlan } from '../helpers/enrolment.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { recordPayment, runBilling } from '../../src/modules/billing/billing.service.js';

const run = browserAvailable();

/** Issue 13 (started): a death claim from the report through BPJS's payment, and the heirs, in Chromium. */
describe.runIf(run)('claims in Chromium', { timeout: 240_000 }, () => {
  let w: WebApp;
  let nik: string;
  beforeAll(async () => {
    w = await startWebApp(100);
    const user = async (name: string) => (await w.db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [name]))[0]!.id;
    const disnaker = actor('regency_operator', '35.09', await user('disnaker'), 'disnaker');
    const ids = await approvedPlan(w.db, disnaker, actor('regency_operator', '35.09', await user('kabid'), 'kabid'));
    const batch = await createBatch(w.db, disnaker, ids.planId, { on: '2026-06-20' });
    await applyAnswer(w.db, disnaker, batch.id, parseAnswer(await answerRows(w.db, batch.id)).rows, { on: '2026-06-25' });
    for (const inv of (await runBilling(w.db, disnaker, { programId: ids.programId, month: '2026-07' })).created)
      await recordPayment(w.db, disnaker, inv.id, { paidOn: '2026-07-05', reference: `SP2D-${inv.id}`, amount: inv.total });
    nik = (
      await w.db.query<{ nik: string }>(
        `SELECT w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1 AND w.sector_code = 'tobacco_farm_labourer' AND p.status = 'active' ORDER BY p.id LIMIT 1`,
        [batch.id],
      )
    )[0]!.nik;
  });
  afterAll(() => w?.close());

  it('reports a death, follows the JKM claim to BPJS’s payment, flags a different amount, records the heirs', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/claims', 'disnaker');
      await page.getByRole('heading', { name: 'Klaim manfaat' }).waitFor();
      const form = page.getByTestId('report-incident');
      await form.locator('input[name="nik"]').fill(nik);
      await form.locator('select[name="kind"]').selectOption('death');
      await fillDate(page, 'occurredOn', '2026-07-25');
      await form.locator('input[name="place"]').fill('Desa Sukoreno');
      await page.getByTestId('submit-incident').click();
      await page.getByTestId('entitlement').waitFor();
      expect(await page.getByTestId('entitlement').textContent()).toMatch(/^Berhak — Terlindungi: iuran 2026-07 sudah dibayar/);
      // The first month of membership: only the funeral cost.
      expect(await page.getByTestId('claim-jkm').getByTestId('computed').textContent()).toBe('Rp 10.000.000');
      await page.screenshot({ path: `${ARTIFACTS}/40-claim-reported.png`, fullPage: true });
      await page.getByTestId('to-verified').click();
      await page.getByTestId('to-submitted').waitFor();
      await page.getByTestId('to-submitted').click();
      await page.getByTestId('to-paid').waitFor();
      await page.locator('input[name="paidAmount"]').fill('9.000.000');
      await page.locator('input[name="claimReference"]').fill('BPJS-JKM-7');
      await page.getByTestId('to-paid').click();
      await expect.poll(() => page.getByTestId('difference').textContent()).toContain('Selisih Rp -1.000.000');
      await page.locator('select[name="relation"]').selectOption('spouse');
      await page.locator('input[name="heirName"]').fill('Siti Aminah');
      await page.locator('input[name="heirNik"]').fill('3509014401900002');
      await page.locator('input[name="heirAccount"]').fill('0011223344');
      await page.getByTestId('add-heir').click();
      await expect.poll(() => page.getByTestId('heirs').textContent()).toContain('Siti Aminah');
      expect(await page.getByTestId('heirs').textContent()).toContain('✓');
      await page.screenshot({ path: `${ARTIFACTS}/41-claim-paid-heirs.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${ARTIFACTS}/42-claim-phone.png`, fullPage: false });
    } finally {
      await ctx.close();
    }
  });
});

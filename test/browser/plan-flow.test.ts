import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';

const run = browserAvailable();

describe.runIf(run)('funding flow in Chromium: budget → rules preview → plan → approval → what-if', () => {
  let w: WebApp;
  beforeAll(async () => {
    w = await startWebApp(400);
  });
  afterAll(() => w?.close());

  it('Disnaker records a revision and makes a plan; the section head approves it', async () => {
    const maker = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const checker = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await maker.newPage();
      await loginPage(page, w.base, '/funding', 'disnaker');
      await page.getByRole('heading', { name: 'Program, sumber dana dan pagu' }).waitFor();
      const sources = page.getByTestId('sources');
      await sources.getByText('APBD Kabupaten').waitFor();

      // The mid-year revision (PAK) of the APBD source for 2027.
      const form = page.getByTestId('budget-form');
      const apbd = await w.db.query<{ id: number }>(`SELECT id FROM funding_sources WHERE name = 'APBD Kabupaten'`);
      await form.locator('select[name="sourceId"]').selectOption(String(apbd[0]!.id));
      await form.locator('input[name="budgetYear"]').fill('2027');
      await form.locator('input[name="amount"]').fill('4.032.000');
      await form.locator('input[name="reference"]').fill('PAK 2027');
      await form.getByRole('button', { name: 'Catat pagu' }).click();
      await sources.getByText(/Perubahan \(PAK\) · Rp 4\.032\.000/).waitFor();

      await page.locator('input[name="fiscalYear"]').fill('2027');
      await page.getByTestId('run-preview').click();
      const preview = page.getByTestId('preview');
      await preview.getByText('Calon').waitFor();
      expect(await preview.locator('.stat b').first().textContent()).toBe('400');
      await page.screenshot({ path: `${ARTIFACTS}/10-funding-preview.png`, fullPage: true });

      await page.getByRole('link', { name: 'Rencana' }).click();
      await page.getByRole('heading', { name: 'Rencana pendanaan' }).waitFor();
      await page.locator('input[name="fiscalYear"]').fill('2027');
      await page.locator('input[name="planName"]').fill('Rencana 2027 uji');
      await page.getByTestId('run-plan').click();
      await page.getByRole('heading', { name: /Rencana 2027 uji/ }).waitFor();
      const protectedCount = Number((await page.getByTestId('stat-protected').textContent())!.replace(/\./g, ''));
      const stored = await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM plan_candidates WHERE outcome = 'funded'`);
      expect(protectedCount).toBe(stored[0]!.n);
      expect(protectedCount).toBeGreaterThan(0);
      await page.getByTestId('submit-plan').click();
      await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Diajukan');
      expect(await page.getByTestId('approve-plan').count()).toBe(0); // the maker cannot approve
      await page.screenshot({ path: `${ARTIFACTS}/11-plan-submitted.png`, fullPage: true });
      const planUrl = new URL(page.url()).pathname;

      // What-if before approval: more money on the APBD, and the money needed for a target.
      await page.getByRole('link', { name: 'Simulasi' }).click();
      await page.getByRole('heading', { name: /Simulasi/ }).waitFor();
      await page.locator('input[name="fiscalYear"]').fill('2027');
      await page.locator('select[name="sourceId"]').selectOption(String(apbd[0]!.id));
      await page.locator('input[name="add"]').fill('40.320.000');
      await page.getByTestId('compare').click();
      await page.getByTestId('whatif-result').waitFor();
      // The plan keeps its out-of-budget candidates as a count (issue 15.4).
      const out = await w.db.query<{ n: number }>(`SELECT (summary->>'outOfBudget')::int AS n FROM plans WHERE name = 'Rencana 2027 uji'`);
      expect(out[0]!.n).toBeGreaterThan(5);
      expect(await page.getByTestId('extra-workers').textContent()).toBe(`+${Math.min(200, out[0]!.n)}`);
      await page.locator('input[name="target"]').fill(String(protectedCount + 5));
      await page.getByTestId('how-much').click();
      await page.getByTestId('needed-result').waitFor();
      expect(await page.getByTestId('extra-needed').textContent()).toBe('Rp 1.008.000');
      await page.screenshot({ path: `${ARTIFACTS}/13-what-if.png`, fullPage: true });
      const head = await checker.newPage();
      await loginPage(head, w.base, planUrl, 'kabid');
      await head.getByTestId('approve-plan').waitFor();
      await head.locator('input[name="reviewNote"]').fill('Sesuai DPA dan PAK 2027');
      await head.getByTestId('approve-plan').click();
      await expect.poll(() => head.getByTestId('plan-status').textContent()).toBe('Disetujui');
      await head.getByText('Ditinjau oleh kabid').waitFor();
      await head.screenshot({ path: `${ARTIFACTS}/12-plan-approved.png`, fullPage: true });
      const status = await w.db.query<{ status: string; reviewed_by: string }>(`SELECT status, reviewed_by FROM plans`);
      expect(status).toEqual([{ status: 'approved', reviewed_by: 'kabid' }]);
    } finally {
      await maker.close();
      await checker.close();
    }
  });
});

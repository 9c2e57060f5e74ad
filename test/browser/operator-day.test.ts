import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, browserAvailable, fillDate, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor } from '../helpers/factories.js';
import { answerRows, approvedPlan } from '../helpers/enrolment.js';
import { insertWorkers } from '../helpers/funding.js';
import { applyAnswer, createBatch, parseAnswer } from '../../src/modules/enrolment/enrolment.service.js';
import { addBudget } from '../../src/modules/funding/funding.service.js';
import { runPlan } from '../../src/modules/plans/plans.service.js';
import { submitPlan } from '../../src/modules/plans/review.service.js';
import { runBilling } from '../../src/modules/billing/billing.service.js';

const run = browserAvailable();
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Issue 12 in Chromium, at 1440 × 900 and 390 × 844, with screenshots: a home per role, the approver who
 * sees who loses protection and must confirm, Indonesian numbers and dates on the coverage, participant
 * and public pages, the worker list like the office spreadsheet, the invoice documents, the letterhead.
 */
describe.runIf(run)('an operator’s day (issue 12)', { timeout: 300_000 }, () => {
  let w: WebApp;
  let planId: number;
  let participantId: number;
  let invoiceId: number;
  let programId: number;
  beforeAll(async () => {
    w = await startWebApp(200);
    const user = async (name: string) => (await w.db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [name]))[0]!.id;
    const disnaker = actor('regency_operator', '35.09', await user('disnaker'), 'disnaker');
    const kabid = actor('regency_operator', '35.09', await user('kabid'), 'kabid');
    // 2026: 30 protected and billed for July; 2027: only the donor's drivers are funded, so 20 lose protection.
    const ids = await approvedPlan(w.db, disnaker, kabid);
    programId = ids.programId;
    const batch = await createBatch(w.db, disnaker, ids.planId, { on: '2026-06-20' });
    await applyAnswer(w.db, disnaker, batch.id, parseAnswer(await answerRows(w.db, batch.id)).rows, { on: '2026-06-25' });
    invoiceId = (await runBilling(w.db, disnaker, { programId: ids.programId, month: '2026-07' })).created[0]!.id;
    await insertWorkers(w.db, { count: 2, villageCode: ids.villageCode, sector: 'driver_ojek', decile: 3 });
    await addBudget(w.db, disnaker, ids.csr, { fiscalYear: 2027, amount: 12 * 12 * 16_800, reference: 'PKS CSR 2027' });
    const plan = await runPlan(w.db, disnaker, { programId: ids.programId, fiscalYear: 2027, monthFrom: '2027-01', monthTo: '2027-12', name: 'Rencana 2027' });
    await submitPlan(w.db, disnaker, plan.id);
    planId = plan.id;
    participantId = (await w.db.query<{ id: number }>(`SELECT id FROM participants WHERE batch_id = $1 ORDER BY id LIMIT 1`, [batch.id]))[0]!.id;
  });
  afterAll(() => w?.close());

  const shot = (page: Page, size: string, name: string) => page.screenshot({ path: `${ARTIFACTS}/day-${size}-${name}.png`, fullPage: size === 'desktop' });
  const fits = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

  for (const size of SIZES)
    it(`at ${size.width} × ${size.height}`, async () => {
      const ctx = await w.browser.newContext({ viewport: { width: size.width, height: size.height } });
      try {
        const page = await ctx.newPage();
        // 12.14 + 12.6: the approver's home says a plan waits for them; the plan says who loses protection.
        await loginPage(page, w.base, '/', 'kabid');
        await page.getByRole('heading', { name: 'Yang perlu dikerjakan hari ini' }).waitFor();
        await expect.poll(() => page.getByTestId('home-plans').textContent()).toContain('1 menunggu persetujuan Anda');
        await fits(page, size.width);
        await shot(page, size.name, '01-home-approver');
        await page.goto(`${w.base}/plans/${planId}`, { waitUntil: 'networkidle' });
        await page.getByTestId('plan-losses').waitFor();
        expect(await page.getByTestId('plan-losses').textContent()).toMatch(/^⚠ 20 dari 30 pekerja yang kini terlindungi kehilangan perlindungan/);
        expect(await page.getByTestId('plan-losses').textContent()).toContain('berakhir 31 Desember 2026');
        expect(await page.getByTestId('approve-plan').isDisabled()).toBe(true);
        await page.getByTestId('confirm-losses').locator('input').check();
        expect(await page.getByTestId('approve-plan').isDisabled()).toBe(false);
        await shot(page, size.name, '02-plan-who-loses');
        await fits(page, size.width);

        // 12.11: Indonesian numbers, percentages and dates on the coverage and participant pages.
        await page.goto(`${w.base}/coverage?region=35.09&asOf=2026-07-31`, { waitUntil: 'networkidle' });
        await page.getByTestId('subsidised-rule').waitFor();
        expect(await page.getByTestId('subsidised-rule').textContent()).toMatch(/^Dihitung seperti BPJS per 31 Juli 2026: .* masa tunggakan 3 bulan/);
        expect(await page.getByTestId('coverage-pct').textContent()).toMatch(/^(\d{1,3},\d{2} %|—)$/);
        await shot(page, size.name, '03-coverage');
        await page.goto(`${w.base}/participants/${participantId}`, { waitUntil: 'networkidle' });
        await page.getByTestId('timeline').waitFor();
        expect(await page.getByTestId('timeline').textContent()).toMatch(/25 Juni 2026 .*diterima BPJS \(batch #\d+\)/);
        expect(await page.getByTestId('months').textContent()).toContain('Juli 2026');
        await shot(page, size.name, '04-participant');
        await fits(page, size.width);

        // 12.15: the worker list like the spreadsheet, with the Excel download of the filtered list.
        await page.goto(`${w.base}/workers?status=active`, { waitUntil: 'networkidle' });
        await page.getByTestId('workers-table').waitFor();
        await expect.poll(() => page.getByTestId('count').textContent()).toMatch(/^[\d.]+ pekerja$/);
        expect(await page.getByTestId('workers-table').textContent()).toContain('Aktif');
        expect(await page.getByTestId('workers-xlsx').getAttribute('href')).toBe('/api/v1/workers/export.xlsx?status=active');
        await shot(page, size.name, '05-workers');
        await fits(page, size.width);

        // 12.16: the invoice's documents, the amount already what is owed.
        await page.goto(`${w.base}/billing/${invoiceId}`, { waitUntil: 'networkidle' });
        await page.getByTestId('invoice-pdf').waitFor();
        const owed = await page.locator('input[name="paymentAmount"]').inputValue();
        expect(owed).toMatch(/^\d{1,3}(\.\d{3})*$/);
        await shot(page, size.name, '06-invoice');

        // 12.13: the letterhead an office's documents carry.
        await page.goto(`${w.base}/settings/letterhead`, { waitUntil: 'networkidle' });
        await page.getByTestId('kop-preview').waitFor();
        expect(await page.getByTestId('kop-preview').textContent()).toContain('PEMERINTAH KABUPATEN JEMBER');
        await shot(page, size.name, '07-letterhead');
        await fits(page, size.width);

        // 12.8: alert lists are paged under their full count; the cohort can be renewed where it is shown.
        await page.goto(`${w.base}/alerts`, { waitUntil: 'networkidle' });
        await fillDate(page, 'asOf', '2026-12-10');
        await expect.poll(() => page.getByTestId('alert-ending').textContent()).toMatch(/^\d+$/);
        await shot(page, size.name, '08-alerts');
        await fits(page, size.width);

        // 12.5: a what-if starts from the approved plan; a target is the total protected.
        await page.goto(`${w.base}/what-if`, { waitUntil: 'networkidle' });
        await page.getByTestId('program-picker').selectOption(String(programId));
        await page.locator('input[name="fiscalYear"]').fill('2026');
        await page.getByTestId('compare').click();
        await expect
          .poll(() => page.getByTestId('baseline').first().textContent())
          .toMatch(/^Sudah didanai: rencana #\d+ melindungi 30 pekerja dengan Rp [\d.]+\./);
        await shot(page, size.name, '09-what-if');
        await fits(page, size.width);

        // 12.9: the public page, drill-down in the URL, dates in Indonesian.
        await page.goto(`${w.base}/publik?region=35`, { waitUntil: 'networkidle' });
        await page.getByTestId('public-pct').waitFor();
        expect(await page.getByTestId('public-pct').textContent()).toMatch(/^Jawa Timur: /);
        await shot(page, size.name, '10-public');
        await fits(page, size.width);
      } finally {
        await ctx.close();
      }
    });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, fillDate, fillMonth, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor } from '../helpers/factories.js';
import { answerCsv, approvedPlan } from '../helpers/enrolment.js';

const run = browserAvailable();

describe.runIf(run)('enrolment flow in Chromium: approved plan → batch → BPJS answer → invoice → payment → protected', { timeout: 150_000 }, () => {
  let w: WebApp;
  let ids: Awaited<ReturnType<typeof approvedPlan>>;
  beforeAll(async () => {
    w = await startWebApp(200);
    const disnaker = (await w.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'disnaker'`))[0]!.id;
    const kabid = (await w.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'kabid'`))[0]!.id;
    ids = await approvedPlan(w.db, actor('regency_operator', '35.09', disnaker, 'disnaker'), actor('regency_operator', '35.09', kabid, 'kabid'));
  });
  afterAll(() => w?.close());

  it('Disnaker submits the approved plan, uploads BPJS’s answer, bills July, records the payment, and the worker is protected', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/enrolment', 'disnaker');
      await page.getByRole('heading', { name: 'Kepesertaan BPJS Ketenagakerjaan' }).waitFor();
      await page.getByTestId(`create-batch-${ids.planId}`).click();
      await page.getByTestId('batches').waitFor();
      const batch = (await w.db.query<{ id: number; submitted: number }>('SELECT id, submitted FROM enrolment_batches WHERE plan_id = $1', [ids.planId]))[0]!;
      await expect.poll(() => page.getByTestId('count-submitted').textContent()).toBe(String(batch.submitted));
      await page.screenshot({ path: `${ARTIFACTS}/20-enrolment-batch.png`, fullPage: true });

      // The registration file the branch receives.
      const reg = await page.request.get(`${w.base}/api/v1/enrolment/batches/${batch.id}/registration.csv`);
      expect((await reg.text()).split('\r\n')[0]).toContain('NIK;NAMA;TGL_LAHIR');

      // BPJS's answer: every NIK accepted with a KPJ number.
      const form = page.getByTestId('answer-form');
      await form.locator('select[name="answerBatch"]').selectOption(String(batch.id));
      await form.locator('input[name="answerFile"]').setInputFiles({
        name: 'jawaban-bpjs.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(await answerCsv(w.db, batch.id)),
      });
      await page.getByTestId('upload-answer').click();
      await expect.poll(() => page.getByTestId('count-active').textContent()).toBe(String(batch.submitted));
      await page.screenshot({ path: `${ARTIFACTS}/21-enrolment-answered.png`, fullPage: true });

      // Bill July 2026 for the program.
      await page.getByRole('link', { name: 'Tagihan' }).click();
      await page.getByRole('heading', { name: 'Tagihan iuran dan pembayaran' }).waitFor();
      await page.getByTestId('program-picker').selectOption(String(ids.programId));
      // The CSR donor pays per quarter; DBHCHT every month.
      await expect.poll(() => page.locator(`select[name="cycle-${ids.csr}"]`).inputValue()).toBe('quarterly');
      expect(await page.locator(`select[name="cycle-${ids.dbhcht}"]`).inputValue()).toBe('monthly');
      await fillMonth(page, 'billingMonth', '2026-07');
      await page.getByTestId('run-billing').click();
      await page.getByTestId('billing-result').getByText('2 tagihan dibuat').waitFor();
      const inv = (
        await w.db.query<{ id: number; total: number; lines: number }>(
          `SELECT i.id, i.total, i.lines FROM invoices i JOIN funding_sources s ON s.id = i.source_id WHERE s.id = $1`,
          [ids.dbhcht],
        )
      )[0]!;
      await page.screenshot({ path: `${ARTIFACTS}/22-invoices.png`, fullPage: true });

      // Pay the DBHCHT invoice in full.
      await page.getByRole('link', { name: String(inv.id), exact: true }).click();
      await page.getByTestId('payment-form').waitFor();
      await page.locator('input[name="paymentRef"]').fill('SP2D 0712/2026');
      await page.locator('input[name="paymentAmount"]').fill(inv.total.toLocaleString('id-ID'));
      await page.getByTestId('record-payment').click();
      await expect.poll(() => page.getByTestId('invoice-status').textContent()).toBe('Lunas');
      await page.screenshot({ path: `${ARTIFACTS}/23-invoice-paid.png`, fullPage: true });

      // A tobacco worker funded by DBHCHT is protected in July 2026, and the timeline says how.
      const p = (
        await w.db.query<{ id: number }>(
          `SELECT p.id FROM participants p JOIN protection_periods pp ON pp.participant_id = p.id WHERE pp.source_id = $1 ORDER BY p.id LIMIT 1`,
          [ids.dbhcht],
        )
      )[0]!;
      await page.goto(`${w.base}/participants/${p.id}`, { waitUntil: 'load' });
      await fillDate(page, 'day', '2026-07-15');
      await expect.poll(() => page.getByTestId('protection-state').textContent()).toBe('Terlindungi — Dibayar oleh DBHCHT');
      expect(await page.getByTestId('participant-status').textContent()).toBe('Aktif');
      expect(await page.getByTestId('timeline').locator('li').count()).toBe(3);
      await page.screenshot({ path: `${ARTIFACTS}/24-participant-protected.png`, fullPage: true });
      await fillDate(page, 'day', '2026-08-15');
      await expect.poll(() => page.getByTestId('protection-state').textContent()).toBe('Masa tunggakan: iuran masih bisa dibayar');

      // Alerts as of mid-December: every participant's protection ends on 31 December, and no 2027 budget exists.
      await page.getByRole('link', { name: 'Peringatan' }).click();
      await fillDate(page, 'asOf', '2026-12-10');
      await expect.poll(() => page.getByTestId('alert-ending').textContent()).toBe(String(batch.submitted));
      await page.getByTestId('cohorts').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/25-alerts.png`, fullPage: true });

      // The BPJS acquisition report for July 2026: DBHCHT paid one month for each of its workers, 1/6 each (DOMAIN §5.3).
      await page.getByRole('link', { name: 'Akuisisi BPJS' }).click();
      await fillMonth(page, 'monthFrom', '2026-07');
      await fillMonth(page, 'monthTo', '2026-07');
      const credited = (Math.round((inv.lines / 6) * 100) / 100).toLocaleString('id-ID');
      await expect.poll(() => page.getByTestId('acquisition-credited').textContent()).toBe(credited);
      expect(await page.getByTestId('acquisition').first().textContent()).toContain('Pemerintah/Desa');
      expect(await page.getByTestId('acquisition-rule').textContent()).toContain('≥ 6 bulan');
      await page.screenshot({ path: `${ARTIFACTS}/25b-acquisition.png`, fullPage: true });

      // The billing run ran as a background job in the regency, seen on its jobs page.
      await page.getByRole('link', { name: 'Tugas latar' }).click();
      await page.getByRole('heading', { name: 'Tugas latar belakang' }).waitFor();
      const jobs = page.getByTestId('jobs');
      await expect.poll(() => jobs.locator('tr', { hasText: 'Penagihan' }).first().textContent()).toContain('Selesai');
      expect(await jobs.textContent()).not.toContain('Agregat cakupan'); // the national aggregate's job is not the regency's
      expect(await jobs.locator('tr', { hasText: 'Penagihan' }).first().textContent()).toMatch(/\d{1,2} Juli|Desember|Januari|WIB/);
      await page.screenshot({ path: `${ARTIFACTS}/26-jobs.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it('the administrator sees the schedules on a phone and runs one now', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/jobs', 'admin');
      const schedules = page.getByTestId('schedules');
      await schedules.waitFor();
      expect(await schedules.locator('tbody tr').count()).toBe(8);
      expect(await schedules.textContent()).toContain('harian pukul 01.00 WIB');
      expect(await schedules.locator('tr', { hasText: 'Pengingat verifikasi' }).textContent()).toContain('harian pukul 07.00 WIB');
      // The payment kept the coverage aggregate in step itself; its full rebuild is a nightly repair.
      expect(await schedules.locator('tr', { hasText: 'Agregat cakupan' }).textContent()).toContain('harian pukul 02.30 WIB');
      await schedules.locator('tr', { hasText: 'Pembersihan riwayat tugas' }).getByRole('button', { name: 'Jalankan sekarang' }).click();
      await expect
        .poll(() => page.getByTestId('jobs').locator('tr', { hasText: 'Pembersihan riwayat tugas' }).first().textContent(), { timeout: 15_000 })
        .toContain('Selesai');
      await page.screenshot({ path: `${ARTIFACTS}/27-jobs-phone.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
  });
});

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
  let nik2: string;
  beforeAll(async () => {
    w = await startWebApp(100);
    const user = async (name: string) => (await w.db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [name]))[0]!.id;
    const disnaker = actor('regency_operator', '35.09', await user('disnaker'), 'disnaker');
    const ids = await approvedPlan(w.db, disnaker, actor('regency_operator', '35.09', await user('kabid'), 'kabid'));
    const batch = await createBatch(w.db, disnaker, ids.planId, { on: '2026-06-20' });
    await applyAnswer(w.db, disnaker, batch.id, parseAnswer(await answerRows(w.db, batch.id)).rows, { on: '2026-06-25' });
    for (const inv of (await runBilling(w.db, disnaker, { programId: ids.programId, month: '2026-07' })).created)
      await recordPayment(w.db, disnaker, inv.id, { paidOn: '2026-07-05', reference: `SP2D-${inv.id}`, amount: inv.total });
    [nik, nik2] = (
      await w.db.query<{ nik: string }>(
        `SELECT w.nik FROM participants p JOIN workers w ON w.id = p.worker_id WHERE p.batch_id = $1 AND w.sector_code = 'tobacco_farm_labourer' AND p.status = 'active' ORDER BY p.id LIMIT 2`,
        [batch.id],
      )
    ).map((r) => r.nik) as [string, string];
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

  it('a work-accident death: documents, the scholarship schedule, a submission to BPJS with its decision file, the report', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/claims', 'disnaker');
      const form = page.getByTestId('report-incident');
      // Found by name: the matches are offered, one is picked.
      const name = (await w.db.query<{ full_name: string }>(`SELECT full_name FROM workers WHERE nik = $1`, [nik2]))[0]!.full_name;
      await form.locator('input[name="nik"]').fill(name);
      await page
        .getByTestId('participant-matches')
        .getByRole('button', { name: new RegExp(`${name} · ${nik2}`) })
        .click();
      expect(await page.getByTestId('picked').textContent()).toContain(name);
      await form.locator('select[name="kind"]').selectOption('work_death');
      await fillDate(page, 'occurredOn', '2026-07-28');
      await page.getByTestId('submit-incident').click();
      await page.getByTestId('claim-jkk_death').waitFor();
      const incidentUrl = page.url();
      // Documents: the family card seen on paper, the death certificate uploaded as a PDF.
      await page.getByTestId('doc-kartu_keluarga').getByRole('button', { name: 'Diterima (dilihat aslinya)' }).click();
      await expect.poll(() => page.getByTestId('doc-kartu_keluarga').getAttribute('class')).toBe('ok');
      await page
        .locator('input[name="file-akta_kematian"]')
        .setInputFiles({ name: 'akta-kematian.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 akta') });
      await expect.poll(() => page.getByTestId('doc-akta_kematian').textContent()).toContain('akta-kematian.pdf');
      // Two children: the scholarship year by year.
      for (const [name, birth, level, year] of [
        ['Rina', '2012-02-10', 'smp', '2'],
        ['Doni', '2018-09-01', 'tk_sd', '2'],
      ] as const) {
        await page.locator('select[name="relation"]').selectOption('child');
        await page.locator('input[name="heirName"]').fill(name);
        await fillDate(page, 'heirBirth', birth);
        await page.locator('select[name="schoolLevel"]').selectOption(level);
        await page.locator('input[name="yearInLevel"]').fill(year);
        await page.getByTestId('add-heir').click();
        await expect.poll(() => page.getByTestId('heirs').textContent()).toContain(name);
      }
      await page.getByTestId('scholarship').click();
      await page.getByTestId('scholarship-schedule').waitFor();
      expect(await page.getByTestId('scholarship-total').textContent()).toContain('batas Rp 174.000.000');
      await page.getByTestId('scholarship-schedule').getByRole('button', { name: 'Verifikasi ulang' }).first().click();
      await expect.poll(() => page.getByTestId('scholarship-schedule').textContent()).toContain('Terverifikasi');
      await page.getByTestId('claim-jkk_death').getByTestId('to-verified').click();
      await page.getByTestId('claim-jkk_death').getByTestId('to-submitted').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/43-claim-documents-scholarship.png`, fullPage: true });
      const computed = Number((await page.getByTestId('claim-jkk_death').getByTestId('computed').textContent())!.replace(/\D/g, ''));

      // The branch: submit the verified claims, then import BPJS's decision file.
      await page.goto(`${w.base}/claims`);
      await page.getByTestId('submit-claims').click();
      await page.getByTestId('submissions').waitFor();
      expect(await page.getByTestId('submissions').textContent()).toContain('Surat pengantar');
      const claimId = (await w.db.query<{ id: number }>(`SELECT id FROM claims WHERE status = 'submitted' AND benefit = 'jkk_death'`))[0]!.id;
      await page.locator('input[name="decisions"]').setInputFiles({
        name: 'keputusan-bpjs.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`ID_KLAIM;KEPUTUSAN;JUMLAH;TANGGAL;REFERENSI\n${claimId};DIBAYAR;${computed};2026-08-20;BPJS-JKK-9\n`),
      });
      await expect.poll(() => page.getByTestId('decision-result').textContent()).toContain('1 dibayar');
      await page.screenshot({ path: `${ARTIFACTS}/44-claims-bpjs-exchange.png`, fullPage: true });
      await page.goto(incidentUrl);
      await expect.poll(() => page.getByTestId('claim-jkk_death').textContent()).toContain('Dibayar');
      expect(await page.getByTestId('timeline').textContent()).toContain('Pengajuan #');
      await page.goto(`${w.base}/claims/report`);
      await page.getByTestId('report-totals').waitFor();
      expect(await page.getByTestId('report-totals').textContent()).toContain('2penerima manfaat');
      await page.screenshot({ path: `${ARTIFACTS}/45-claims-report.png`, fullPage: true });
      const pdf = await ctx.request.get(`${w.base}/api/v1/claims-handover.pdf?from=2026-01-01&to=2026-12-31`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await ctx.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ARTIFACTS, browserAvailable, fillDate, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor, makeNik } from '../helpers/factories.js';
import { sendQueuedMail } from '../../src/modules/mail/mail.service.js';
import { applyAnswer, createBatch } from '../../src/modules/enrolment/enrolment.service.js';
import { runBilling } from '../../src/modules/billing/billing.service.js';
import { loadTariffTables } from '../../src/modules/funding/funding.repository.js';
import { priceSponsorship } from '../../src/domain/donors.js';

const run = browserAvailable();

/**
 * Issue 14's done-when: a citizen signs up, verifies the address from the e-mail the test reads off a real
 * SMTP server, sponsors a named worker for 6 months, the payment is matched from a bank statement, the worker
 * is enrolled and billed to the donor's source, and the donor sees the worker protected and downloads the
 * receipt and the certificate.
 */
describe.runIf(run)('a donor in Chromium', { timeout: 240_000 }, () => {
  let w: WebApp;
  let smtp: SMTPServer;
  let smtpUrl: string;
  const inbox: { to: string; subject: string; text: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        simpleParser(stream)
          .then((m) => {
            inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: m.subject ?? '', text: m.text ?? '' });
            done();
          })
          .catch(done);
      },
    });
    await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    w = await startWebApp(200, { SMTP_URL: smtpUrl });
  });
  afterAll(async () => {
    await w?.close();
    await new Promise<void>((ok) => smtp?.close(() => ok()));
  });

  const deliver = async (to: string, subject: RegExp) => {
    await expect
      .poll(
        async () => {
          await sendQueuedMail(w.db, { smtpUrl, mailFrom: 'Jaring <jaring@test>' });
          return inbox.find((m) => m.to === to && subject.test(m.subject)) ?? null;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();
    return inbox.find((m) => m.to === to && subject.test(m.subject))!;
  };

  it('signs up, verifies, sponsors a worker, is matched by a bank statement, and sees the worker protected', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 390, height: 844 } });
    const staff = await w.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await ctx.newPage();
      // 1. The public page invites donors; the sign-up form.
      await page.goto(`${w.base}/publik`, { waitUntil: 'load' });
      await page.getByTestId('public-donors').getByRole('link', { name: 'Jadi donatur' }).click();
      const form = page.getByTestId('signup');
      await form.waitFor();
      await form.locator('input[name="name"]').fill('Dewi Lestari');
      await form.locator('input[name="email"]').fill('dewi@contoh.id');
      await form.locator('input[name="phone"]').fill('081234567890');
      await form.locator('input[name="regency"]').fill('Jember');
      await form
        .getByRole('button', { name: /Jember/ })
        .first()
        .click();
      await form.locator('input[name="password"]').fill('pendek');
      await page.screenshot({ path: `${ARTIFACTS}/50-donor-signup.png`, fullPage: true });
      await form.getByRole('button', { name: 'Daftar' }).click();
      // A weak password is refused at the field, in Indonesian.
      await expect.poll(() => form.locator('[data-field="password"] .field-error').textContent()).toContain('Kata sandi minimal 12 karakter');
      await form.locator('input[name="password"]').fill('Sepeda-Biru-Kencana-2026');
      await form.getByRole('button', { name: 'Daftar' }).click();
      await page.getByTestId('signup-sent').waitFor();
      // 2. The verification link, read from the SMTP server.
      const mail = await deliver('dewi@contoh.id', /pastikan alamat e-mail/);
      const link = /\/donor\/verify\?token=[\w-]+/.exec(mail.text)![0];
      await page.goto(`${w.base}${link}`, { waitUntil: 'load' });
      await expect.poll(() => page.getByTestId('verify').textContent()).toContain('Alamat dewi@contoh.id sudah dipastikan');
      // 3. Sign in to the donor space.
      await page.getByRole('link', { name: 'Ke halaman masuk' }).click();
      const login = page.getByTestId('donor-login');
      await login.locator('input[name="email"]').fill('dewi@contoh.id');
      await login.locator('input[name="password"]').fill('Sepeda-Biru-Kencana-2026');
      await login.getByRole('button', { name: 'Masuk' }).click();
      await page.getByTestId('donor-totals').waitFor();
      // 4. Sponsor the household assistant for 6 months, with her consent recorded.
      const [village] = await w.db.query<{ code: string; name: string }>(
        `SELECT code, name FROM regions WHERE code LIKE '35.09.%' AND level = 'village' AND name ~ '^[A-Za-z ]+$' ORDER BY code LIMIT 1`,
      );
      const nik = makeNik('1991-04-21', 'P', village!.code.replaceAll('.', '').slice(0, 6));
      const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
      const sponsor = page.getByTestId('sponsor-form');
      await sponsor.locator('select[name="months"]').selectOption('6');
      await sponsor.locator('input[name="workerNik"]').fill(nik);
      await sponsor.locator('input[name="workerName"]').fill('Sri Wahyuni');
      await fillDate(page, 'workerBirth', '1991-04-21');
      await sponsor.locator('select[name="workerSector"]').selectOption('domestic_worker');
      await sponsor.locator('[data-field="worker.villageCode"] input').fill(village!.name);
      await sponsor.locator('[data-field="worker.villageCode"] .hits button', { hasText: village!.code }).click();
      await sponsor.locator('input[name="consentBy"]').fill('Sri Wahyuni');
      await sponsor.locator('select[name="consentMethod"]').selectOption('in_person');
      await sponsor.getByTestId('quote').click();
      await sponsor.getByTestId('quote-result').waitFor();
      expect(await sponsor.getByTestId('quote-result').locator('tr').count()).toBe(6);
      await page.screenshot({ path: `${ARTIFACTS}/51-donor-sponsor-quote.png`, fullPage: true });
      await sponsor.getByTestId('sponsor-submit').click();
      await expect.poll(() => page.getByTestId('sponsor-created').textContent()).toMatch(/Bayar Rp [\d.]+ dengan kode bayar 8\d{15}/);
      const created = (await page.getByTestId('sponsor-created').textContent())!;
      const code = /8\d{15}/.exec(created)![0];
      const amount = Number(/Rp ([\d.]+)/.exec(created)![1]!.replaceAll('.', ''));
      // Priced month by month by the tariff engine for a person's source (SL): December 2026 still carries the
      // PP 50/2025 discount for every sector (Rp 8,400), 2027 the full Rp 16,800 (DOMAIN §1.4).
      const tables = await loadTariffTables(w.db);
      const expected = priceSponsorship(tables, { declaredIncome: 1_000_000, includeJht: false }, 'SL', 'domestic_worker', month, 6);
      expect(amount).toBe(expected.total);
      if (month === '2026-12') expect(expected.months.map((m) => m.amount)).toEqual([8_400, 16_800, 16_800, 16_800, 16_800, 16_800]);
      await page.getByTestId('payment-code').first().waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/52-donor-payment-code.png`, fullPage: true });

      // 5. Disnaker imports the bank statement: the line is matched by payment code and amount.
      const desk = await staff.newPage();
      await loginPage(desk, w.base, '/donors', 'disnaker');
      await desk.getByTestId('tab-statement').click();
      const dir = mkdtempSync(join(tmpdir(), 'rk-'));
      const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
      writeFileSync(
        join(dir, 'rekening-koran.csv'),
        `Tanggal;Keterangan;Kredit\n${today};TRSF E-BANKING CR ${code} DEWI LESTARI;${amount.toLocaleString('id-ID')},00\n${today};SETORAN TUNAI;50.000,00\n`,
      );
      await desk.locator('input[name="statement"]').setInputFiles(join(dir, 'rekening-koran.csv'));
      await expect.poll(() => desk.getByTestId('statement-result').textContent()).toBe('2 baris: 1 cocok, 1 perlu keputusan.');
      await desk.screenshot({ path: `${ARTIFACTS}/53-donor-statement-matched.png`, fullPage: true });

      // 6. The paid sponsorship is an approved plan of the donor program: submitted to BPJS, answered, billed.
      const [plan] = await w.db.query<{ id: number; program_id: number; source_id: number }>(
        `SELECT p.id, p.program_id, pc.source_id FROM plans p JOIN plan_candidates pc ON pc.plan_id = p.id JOIN workers x ON x.id = pc.worker_id
          WHERE x.nik = $1 AND p.engine = 'sponsorship' AND p.status = 'approved'`,
        [nik],
      );
      const users = await w.db.query<{ id: number; username: string }>(`SELECT id, username FROM users WHERE username IN ('disnaker', 'bpjs')`);
      const disnaker = actor('regency_operator', '35.09', users.find((u) => u.username === 'disnaker')!.id, 'disnaker');
      const bpjs = actor('bpjs_officer', '35.09', users.find((u) => u.username === 'bpjs')!.id, 'bpjs');
      const batch = await createBatch(w.db, disnaker, plan!.id, { on: today });
      await applyAnswer(w.db, bpjs, batch.id, [{ rowNo: 2, nik, kpj: '99000077777', accepted: true, reason: '' }], { on: today });
      const billed = await runBilling(w.db, disnaker, { programId: plan!.program_id, month: today.slice(0, 7) });
      const [line] = await w.db.query<{ source_id: number; amount: number }>(
        `SELECT i.source_id, l.amount FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN participants p ON p.id = l.participant_id
           JOIN workers x ON x.id = p.worker_id WHERE x.nik = $1`,
        [nik],
      );
      expect(billed.created.length).toBeGreaterThan(0);
      expect(line).toEqual({ source_id: plan!.source_id, amount: expected.months[0]!.amount });
      const [source] = await w.db.query<{ kind: string; funding_type: string }>(`SELECT kind, funding_type FROM funding_sources WHERE id = $1`, [
        plan!.source_id,
      ]);
      expect(source).toEqual({ kind: 'DONOR', funding_type: 'SL' });

      // 7. The donor sees the worker protected and downloads the receipt and the certificate.
      await page.reload({ waitUntil: 'load' });
      await expect.poll(() => page.getByTestId('sponsored-worker').first().textContent()).toBe('Sri Wahyuni — terlindungi');
      expect(await page.getByTestId('donor-totals').textContent()).toContain('Pekerja terlindungi1');
      await page.screenshot({ path: `${ARTIFACTS}/54-donor-protected.png`, fullPage: true });
      const receiptHref = (await page.getByTestId('receipt').first().getAttribute('href'))!;
      const receipt = await page.request.get(`${w.base}${receiptHref}`);
      expect(receipt.status()).toBe(200);
      expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');
      const certificate = await page.request.get(`${w.base}/api/v1/donor/certificate.pdf`);
      expect(certificate.status()).toBe(200);
      expect((await certificate.body()).subarray(0, 5).toString()).toBe('%PDF-');
      // The donor cannot open the registry nor the staff's donor desk.
      expect((await page.request.get(`${w.base}/api/v1/workers`)).status()).toBe(403);
      expect((await page.request.get(`${w.base}/api/v1/donors`)).status()).toBe(403);
      // And the receipt mail arrived too.
      await deliver('dewi@contoh.id', /pembayaran .* diterima/);
    } finally {
      await ctx.close();
      await staff.close();
    }
  });
});

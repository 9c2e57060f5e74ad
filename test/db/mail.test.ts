import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { errorOf } from '../helpers/errors.js';
import { listOutbox, queueMail, sendQueuedMail } from '../../src/modules/mail/mail.service.js';

/** E-mail over a real SMTP server started here (no mock transport), and the outbox when none is configured — on both databases. */
let t: TestDb;
let server: SMTPServer;
let port = 0;
const received: ParsedMail[] = [];
let refuse = false;
const admin = actor('super_admin', null, null, 'admin');

beforeAll(async () => {
  t = await openTestDb();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      cb(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          received.push(m);
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.cleanup();
});

describe('outgoing e-mail', () => {
  it('keeps every message in the outbox without SMTP, then delivers it over SMTP; a refusal is retried, then given up', async () => {
    await queueMail(t.db, {
      to: 'siti@contoh.id',
      subject: 'Verifikasi e-mail Jaring',
      text: 'Buka tautan ini: https://jaring.example/v/abc',
      purpose: 'donor.verify',
    });
    expect(await sendQueuedMail(t.db, { smtpUrl: null, mailFrom: 'Jaring <jaring@localhost>' })).toEqual({ sent: 0, failed: 0, held: 1 });
    const outbox = await listOutbox(t.db, admin);
    expect(outbox.items.map((m) => [m.to, m.subject, m.status])).toEqual([['siti@contoh.id', 'Verifikasi e-mail Jaring', 'queued']]);
    expect((await errorOf(listOutbox(t.db, actor('regency_operator', '35.09', null, 'op')))).code).toBe('forbidden');

    const config = { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Jaring Jember <jaring@jember.example>' };
    expect(await sendQueuedMail(t.db, config)).toEqual({ sent: 1, failed: 0, held: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Verifikasi e-mail Jaring');
    expect(received[0]!.text?.trim()).toBe('Buka tautan ini: https://jaring.example/v/abc');
    expect(received[0]!.from?.value[0]).toMatchObject({ name: 'Jaring Jember', address: 'jaring@jember.example' });
    expect((await listOutbox(t.db, admin)).items[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await sendQueuedMail(t.db, config)).toEqual({ sent: 0, failed: 0, held: 0 }); // sent once only

    refuse = true;
    await queueMail(t.db, { to: 'tidak.ada@contoh.id', subject: 'Pengingat', text: 'x', purpose: 'donor.reminder' });
    for (let i = 0; i < 5; i++) expect((await sendQueuedMail(t.db, config)).failed).toBe(1);
    expect(await sendQueuedMail(t.db, config)).toEqual({ sent: 0, failed: 0, held: 0 });
    const failed = (await listOutbox(t.db, admin)).items[0]!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 5 });
    expect(failed.lastError).not.toContain('tidak.ada@contoh.id');
    expect((await errorOf(queueMail(t.db, { to: 'bukan-email', subject: 's', text: 't', purpose: 'x' }))).problems[0]!.field).toBe('email');
  });
});

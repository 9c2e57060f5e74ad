import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/db/db.js';
import type { Actor } from '../../src/actor.js';
import { hashPassword } from '../../src/access/password.js';
import { createDonor } from '../../src/modules/donors/donors.service.js';
import { createSponsorship } from '../../src/modules/donors/sponsorships.service.js';
import { confirmDonation, importStatement } from '../../src/modules/donors/payments.service.js';
import { makeNik } from './factories.js';

export const DONOR_PASSWORD = 'rahasia-sekali-123';

/** A donor's account opened as if they had set their password from the link (tests sign in with DONOR_PASSWORD). */
export async function openDonorAccount(db: Db, donorId: number): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $2, active = true WHERE donor_id = $1`, [donorId, await hashPassword(DONOR_PASSWORD)]);
  await db.query(`UPDATE donors SET email_verified_at = now() WHERE id = $1`, [donorId]);
}

export const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/** This month in WIB, 'YYYY-MM'. */
export const thisMonth = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

/**
 * A donor of `regency` with an account, a named worker sponsored for 6 months from this month and paid,
 * and a bank statement with one line nobody matched.
 */
export async function donorPlace(db: Db, operator: Actor, regency: string, village: string, tag: string) {
  const donor = await createDonor(
    db,
    operator,
    { kind: 'citizen', name: `Donatur ${tag}`, email: `donatur.${tag}@contoh.id`, phone: '081355500011', regencyCode: regency },
    'http://localhost',
  );
  await openDonorAccount(db, donor.id);
  const s = await createSponsorship(db, operator, {
    donorId: donor.id,
    kind: 'named',
    months: 6,
    monthFrom: thisMonth(),
    worker: {
      nik: makeNik('1990-03-03', 'L', village.replaceAll('.', '').slice(0, 6)),
      fullName: `Pekerja Donor ${tag}`,
      birthDate: '1990-03-03',
      villageCode: village,
      sectorCode: 'domestic_worker',
      phone: '085700001111',
    },
    consent: { by: `Pekerja Donor ${tag}`, method: 'in_person', at: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10) },
  });
  const donation = s.donations[0]!;
  await confirmDonation(db, operator, donation.id, { amount: donation.amount, reference: `TRF-${tag}` });
  const dir = mkdtempSync(join(tmpdir(), 'stmt-'));
  const path = join(dir, 'rk.csv');
  writeFileSync(path, `Tanggal;Keterangan;Kredit\n01/12/2026;TRANSFER TANPA KODE ${tag};50.000,00\n`);
  const st = await importStatement(db, operator, { path, name: 'rk.csv', format: 'csv' });
  const [line] = await db.query<{ id: number }>('SELECT id FROM bank_statement_lines WHERE statement_id = $1', [st.statementId]);
  return { donorId: donor.id, email: donor.email, sponsorshipId: s.id, donationId: donation.id, lineId: line!.id, workerNik: s.workers[0]?.workerId };
}

import * as repo from './demo.repository.js';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { hashPassword } from '../../access/password.js';
import { todayJakarta } from '../../domain/calendar.js';
import { addMonths } from '../../domain/protection.js';
import { createDonor } from '../donors/donors.service.js';
import { createSponsorship } from '../donors/sponsorships.service.js';
import { confirmDonation } from '../donors/payments.service.js';
import { assignPool } from '../donors/pools.service.js';
import { DEMO_PASSWORD } from './seed-demo.service.js';

/** The demo donor who signs in at /donor with the demo password. */
export const DEMO_DONOR_EMAIL = 'ratna.demo@contoh.id';

/**
 * The demo's donors, one of each kind (DOMAIN §7): a citizen sponsoring her household assistant (paid, the
 * worker waiting to be submitted to BPJS) with an account to sign in with; a civil servant's pool of five
 * workers for three months (paid and assigned by the regency's priorities); a company's CSR pool for twelve
 * months awaiting payment, and a second citizen's sponsorship awaiting payment. Synthetic people.
 */
export async function seedDemoDonors(db: Db, disnaker: Actor, publicUrl = 'http://localhost:3000'): Promise<number> {
  const regency = disnaker.scope!.slice(0, 5);
  const villages = await repo.demoVillages(db, regency, 2);
  if (villages.length === 0) return 0;
  const month = todayJakarta().slice(0, 7);
  const today = todayJakarta();
  const ratna = await createDonor(
    db,
    disnaker,
    { kind: 'citizen', name: 'Ratna Kusuma (demo)', email: DEMO_DONOR_EMAIL, phone: '081200000001', regencyCode: regency },
    publicUrl,
  );
  await repo.setDemoDonorPassword(db, ratna.id, await hashPassword(DEMO_PASSWORD));
  const nikPrefix = villages[0]!.code.replaceAll('.', '').slice(0, 6);
  const named = await createSponsorship(db, disnaker, {
    donorId: ratna.id,
    kind: 'named',
    months: 6,
    monthFrom: month,
    worker: {
      nik: `${nikPrefix}5508889001`,
      fullName: 'Sulastri (demo)',
      birthDate: '1988-08-15',
      villageCode: villages[0]!.code,
      sectorCode: 'domestic_worker',
      occupation: 'Asisten rumah tangga',
    },
    consent: { by: 'Sulastri (demo)', method: 'in_person', at: today, note: 'Disampaikan langsung di rumah (demo)' },
  });
  await confirmDonation(db, disnaker, named.donations[0]!.id, { amount: named.amount, reference: 'TRF-BANKJATIM-0001 (demo)' });

  const hendra = await createDonor(
    db,
    disnaker,
    { kind: 'civil_servant', name: 'Hendra Wijaya, ASN (demo)', email: 'hendra.demo@contoh.id', nip: '198001012005011001', regencyCode: regency },
    publicUrl,
  );
  const pool = await createSponsorship(db, disnaker, {
    donorId: hendra.id,
    kind: 'pool',
    months: 3,
    monthFrom: addMonths(month, 1),
    workersWanted: 5,
    areaCode: villages[1]?.code ?? villages[0]!.code,
  });
  await confirmDonation(db, disnaker, pool.donations[0]!.id, { amount: pool.amount, reference: 'TRF-BRI-0002 (demo)' });
  await assignPool(db, disnaker, pool.id);

  const company = await createDonor(
    db,
    disnaker,
    {
      kind: 'company',
      name: 'PT Tembakau Sejahtera (demo)',
      email: 'csr.demo@contoh.id',
      npwp: '019876543210000',
      contactName: 'Ibu Maya',
      regencyCode: regency,
    },
    publicUrl,
  );
  await createSponsorship(db, disnaker, { donorId: company.id, kind: 'pool', months: 12, monthFrom: addMonths(month, 1), workersWanted: 20 });
  const budi = await createDonor(db, disnaker, { kind: 'citizen', name: 'Budi Santoso (demo)', email: 'budi.demo@contoh.id', regencyCode: regency }, publicUrl);
  await createSponsorship(db, disnaker, {
    donorId: budi.id,
    kind: 'named',
    months: 3,
    monthFrom: addMonths(month, 1),
    worker: {
      nik: `${nikPrefix}1203859002`,
      fullName: 'Joko (demo)',
      birthDate: '1985-03-12',
      villageCode: villages[0]!.code,
      sectorCode: 'driver_ojek',
      occupation: 'Ojek pangkalan',
    },
    consent: { by: 'Joko (demo)', method: 'phone', at: today },
  });
  return 4;
}

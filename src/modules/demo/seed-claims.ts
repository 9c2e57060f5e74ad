import * as repo from './demo.repository.js';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { advanceClaim, reportIncident, type IncidentView } from '../claims/claims.service.js';
import { addHeir, scholarshipClaim } from '../claims/heirs.service.js';
import { receiveDocument } from '../claims/documents.service.js';
import { verifyYear } from '../claims/scholarships.service.js';
import { createSubmission } from '../claims/exchange.service.js';
import { todayJakarta } from '../../domain/calendar.js';

/**
 * The demo's claims, so the claim screens have one in each state: a JKM death paid to the heirs, a
 * work accident under verification, a work-accident death waiting for BPJS, a death just reported, a
 * commuting accident BPJS rejected, and an accident whose report is overdue; the work-accident death has
 * children with their scholarship schedule, documents received and a submission with its cover letter. Synthetic people, fixed dates.
 */
export async function seedDemoClaims(db: Db, who: { disnaker: Actor; bpjs: Actor }, batchId: number): Promise<number> {
  // Incidents cannot be reported for a day still to come: on a clock before the demo's last incident, none.
  if (todayJakarta() < '2026-11-20') return 0;
  const ids = await repo.demoClaimParticipants(db, batchId, 6);
  if (ids.length < 6) return 0;
  const { disnaker, bpjs } = who;
  const step = async (i: IncidentView, to: string, extra: object = {}): Promise<IncidentView> => {
    const c = i.claims[0]!;
    return advanceClaim(db, to === 'paid' || to === 'rejected' ? bpjs : disnaker, c.id, { to, version: c.version, ...extra });
  };
  // 1. A death not from work, paid to the widow; the children are recorded.
  let paid = await reportIncident(db, disnaker, { participantId: ids[0]!, kind: 'death', occurredOn: '2026-10-12', place: 'Rumah (demo)' });
  await addHeir(db, disnaker, paid.id, { relation: 'spouse', fullName: 'Siti Rahayu (demo)', bankName: 'Bank Jatim', bankAccount: '0012345678' });
  await addHeir(db, disnaker, paid.id, { relation: 'child', fullName: 'Ahmad Fauzi (demo)', birthDate: '2014-03-02' });
  paid = await step(paid, 'verified');
  paid = await step(paid, 'submitted');
  await step(paid, 'paid', { paidAmount: paid.claims[0]!.computedAmount, paidOn: '2026-11-10', reference: 'BPJS/JKM/0001 (demo)' });
  // 2. A work accident on the tobacco farm, three months unable to work: being verified.
  const accident = await reportIncident(db, disnaker, {
    participantId: ids[1]!,
    kind: 'work_accident',
    occurredOn: '2026-09-03',
    place: 'Kebun tembakau (demo)',
    stmbMonths: 3,
  });
  await advanceClaim(db, disnaker, accident.claims[1]!.id, { to: 'verified', version: accident.claims[1]!.version });
  // 3. A death from a work accident: two children with the scholarship year by year (this year's verified),
  //    documents partly received, submitted to the branch with a numbered cover letter; BPJS decides within 30 days.
  const workDeath = await reportIncident(db, disnaker, { participantId: ids[2]!, kind: 'work_death', occurredOn: '2026-11-02', place: 'Jalan desa (demo)' });
  await addHeir(db, disnaker, workDeath.id, { relation: 'spouse', fullName: 'Nur Aini (demo)', bankName: 'BRI', bankAccount: '0098765432' });
  await addHeir(db, disnaker, workDeath.id, {
    relation: 'child',
    fullName: 'Dewi Lestari (demo)',
    birthDate: '2011-08-17',
    schoolLevel: 'smp',
    yearInLevel: 3,
  });
  await addHeir(db, disnaker, workDeath.id, {
    relation: 'child',
    fullName: 'Bagus Santoso (demo)',
    birthDate: '2019-01-09',
    schoolLevel: 'tk_sd',
    yearInLevel: 2,
  });
  for (const kind of ['kartu_peserta', 'ktp_peserta', 'akta_kematian', 'kartu_keluarga', 'laporan_kecelakaan'])
    await receiveDocument(db, disnaker, workDeath.id, kind, null);
  const withYears = await scholarshipClaim(db, disnaker, workDeath.id);
  for (const y of withYears.scholarshipYears.filter((x) => x.schoolYear === 2026))
    await verifyYear(db, disnaker, y.id, { enrolled: true, married: false, working: false });
  const verified = await step(workDeath, 'verified');
  await createSubmission(db, disnaker, { claimIds: [verified.claims[0]!.id], regencyCode: disnaker.scope ?? undefined });
  // 4. A death just reported.
  await reportIncident(db, disnaker, { participantId: ids[3]!, kind: 'death', occurredOn: '2026-11-20' });
  // 5. A commuting accident BPJS rejected.
  const commuting = await reportIncident(db, disnaker, { participantId: ids[4]!, kind: 'commuting_accident', occurredOn: '2026-11-05', stmbMonths: 1 });
  const c = commuting.claims[1]!;
  const v = await advanceClaim(db, disnaker, c.id, { to: 'verified', version: c.version });
  const s = await advanceClaim(db, disnaker, c.id, { to: 'submitted', version: v.claims[1]!.version });
  await advanceClaim(db, bpjs, c.id, { to: 'rejected', version: s.claims[1]!.version, reason: 'Bukan dalam perjalanan kerja (demo)' });
  // 6. An accident whose stage-I report was due two days after it: overdue on the home page.
  await reportIncident(db, disnaker, { participantId: ids[5]!, kind: 'work_accident', occurredOn: '2026-07-08', stmbMonths: 0 });
  return 6;
}

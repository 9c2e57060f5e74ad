import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers/test-db.js';
import { actor } from '../helpers/factories.js';
import { errorOf } from '../helpers/errors.js';
import { paidParticipants } from '../helpers/claims.js';
import { advanceClaim, getIncident, reportIncident } from '../../src/modules/claims/claims.service.js';
import { addHeir, scholarshipClaim } from '../../src/modules/claims/heirs.service.js';
import { documentFile, receiveDocument } from '../../src/modules/claims/documents.service.js';
import { createSubmission, setClaimLayout, writeSubmissionFile } from '../../src/modules/claims/exchange.service.js';
import { importDecisions } from '../../src/modules/claims/decisions.service.js';
import { dueScholarshipYears, payYear, verifyYear } from '../../src/modules/claims/scholarships.service.js';
import { claimsReport, publicClaims } from '../../src/modules/claims/reports.service.js';
import { runClaimsDaily } from '../../src/modules/claims/daily.service.js';
import { recordMedicalCost } from '../../src/modules/claims/medical.service.js';
import { listBenefitRules, replaceBenefitRule } from '../../src/modules/funding/benefit-rules.service.js';

/** Issue 13: documents, the exchange with BPJS, the scholarship year by year, deadlines, reports — on both databases. */
let t: TestDb;
const disnaker = actor('regency_operator', '35.09', null, 'disnaker');
const kabid = actor('regency_operator', '35.09', null, 'kabid');
const bpjs = actor('bpjs_officer', '35.09', null, 'bpjs');
const auditor = actor('auditor', '35.09', null, 'auditor');
const admin = actor('super_admin', null, null, 'admin');
let paidFour: number[];
const dir = mkdtempSync(join(tmpdir(), 'jaring-claims-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const text = async (write: (out: PassThrough) => Promise<void>) => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks).toString('utf8');
};
const verified = async (participantId: number, occurredOn: string) => {
  const i = await reportIncident(t.db, disnaker, { participantId, kind: 'death', occurredOn });
  const c = i.claims[0]!;
  await advanceClaim(t.db, disnaker, c.id, { to: 'verified', version: c.version });
  return { incidentId: i.id, claimId: c.id };
};

beforeAll(async () => {
  t = await openTestDb();
  ({ paidFour } = await paidParticipants(t.db, disnaker, kabid));
});
afterAll(() => t.cleanup());

describe('documents of a claim', () => {
  it('keeps a checklist per incident kind, takes an upload only when its bytes are a PDF/JPEG/PNG, and audits each read', async () => {
    const i = await reportIncident(t.db, disnaker, { participantId: paidFour[0]!, kind: 'death', occurredOn: '2026-10-02' });
    expect(i.claimDeadline).toBe('2031-10-02'); // 60 months (PP 82/2019)
    expect(i.documents.map((d) => [d.kind, d.received])).toEqual([
      ['kartu_peserta', false],
      ['ktp_peserta', false],
      ['ktp_ahli_waris', false],
      ['akta_kematian', false],
      ['kartu_keluarga', false],
      ['surat_ahli_waris', false],
      ['buku_nikah', false],
    ]);
    await receiveDocument(t.db, disnaker, i.id, 'kartu_keluarga', null);
    const withFile = await receiveDocument(t.db, disnaker, i.id, 'akta_kematian', {
      path: file('akta.pdf', '%PDF-1.4 akta kematian'),
      name: 'akta "kematian".pdf',
    });
    expect(withFile.documents.filter((d) => d.received).map((d) => [d.kind, d.file?.contentType ?? null])).toEqual([
      ['akta_kematian', 'application/pdf'],
      ['kartu_keluarga', null],
    ]);
    const fake = await errorOf(receiveDocument(t.db, disnaker, i.id, 'buku_nikah', { path: file('nikah.pdf', 'MZ not a pdf'), name: 'nikah.pdf' }));
    expect(fake.problems.map((p) => [p.field, p.code])).toEqual([['file', 'format']]);
    expect((await errorOf(receiveDocument(t.db, disnaker, i.id, 'rapor', null))).problems[0]!.field).toBe('kind');
    expect((await documentFile(t.db, disnaker, i.id, 'akta_kematian')).content.toString()).toBe('%PDF-1.4 akta kematian');
    expect((await errorOf(documentFile(t.db, auditor, i.id, 'akta_kematian'))).code).toBe('forbidden');
    const reads = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'claim.document_read' AND entity_id = $1`, [String(i.id)]);
    expect(reads).toHaveLength(1);
  });
});

describe('JKK medical care (DOMAIN §3.2)', () => {
  it('records each cost on the medical claim, without a ceiling, until the claim is submitted', async () => {
    const i = await reportIncident(t.db, disnaker, { participantId: paidFour[6]!, kind: 'work_accident', occurredOn: '2026-09-14', stmbMonths: 0 });
    const medical = i.claims.find((c) => c.benefit === 'jkk_medical')!;
    expect(medical.computedAmount).toBe(0);
    const one = await recordMedicalCost(t.db, disnaker, medical.id, {
      amount: 2_500_000,
      on: '2026-09-15',
      description: 'RSUD dr. Soebandi, rawat inap',
      version: medical.version,
    });
    const m1 = one.claims.find((c) => c.benefit === 'jkk_medical')!;
    const two = await recordMedicalCost(t.db, disnaker, medical.id, {
      amount: 185_750_000,
      on: '2026-10-01',
      description: 'Operasi dan rehabilitasi',
      version: m1.version,
    });
    const m2 = two.claims.find((c) => c.benefit === 'jkk_medical')!;
    expect(m2.computedAmount).toBe(188_250_000); // no ceiling
    expect(m2.lines.map((l) => [l.label.id, l.amount, l.rule, l.legalBasis])).toEqual([
      [
        'Biaya perawatan 2026-09-15: RSUD dr. Soebandi, rawat inap',
        2_500_000,
        'biaya tercatat, sesuai kebutuhan medis, tanpa batas biaya',
        'PP 44/2015 jo. PP 82/2019',
      ],
      [
        'Biaya perawatan 2026-10-01: Operasi dan rehabilitasi',
        185_750_000,
        'biaya tercatat, sesuai kebutuhan medis, tanpa batas biaya',
        'PP 44/2015 jo. PP 82/2019',
      ],
    ]);
    const stale = await errorOf(recordMedicalCost(t.db, disnaker, medical.id, { amount: 1, on: '2026-10-02', description: 'x', version: m1.version }));
    expect(stale.code).toBe('conflict');
    const bad = await errorOf(recordMedicalCost(t.db, disnaker, medical.id, { amount: -5, on: '2026-09-01', description: '', version: m2.version }));
    expect(bad.problems.map((p) => p.field)).toEqual(['amount', 'description']);
    const early = await errorOf(recordMedicalCost(t.db, disnaker, medical.id, { amount: 5, on: '2026-09-01', description: 'x', version: m2.version }));
    expect(early.problems.map((p) => p.code)).toEqual(['before_incident']);
    const stmb = i.claims.find((c) => c.benefit === 'jkk_stmb')!;
    expect(
      (await errorOf(recordMedicalCost(t.db, disnaker, stmb.id, { amount: 5, on: '2026-09-20', description: 'x', version: stmb.version }))).problems[0]!.code,
    ).toBe('not_medical');
  });
});

describe('the exchange with the BPJS branch', () => {
  it('submits the verified claims with a numbered cover letter, and applies a decision file whole — flagging a paid amount that differs', async () => {
    const a = await verified(paidFour[1]!, '2026-10-05');
    const b = await verified(paidFour[2]!, '2026-10-06');
    const c = await verified(paidFour[3]!, '2026-10-07');
    await addHeir(t.db, disnaker, a.incidentId, {
      relation: 'spouse',
      fullName: 'Siti Aminah',
      nik: '3509014401900002',
      bankName: 'Bank Jatim',
      bankAccount: '0011223344',
    });
    const s = await createSubmission(t.db, disnaker, {});
    expect(s).toMatchObject({ regencyCode: '35.09', claimCount: 3, totalAmount: 126_000_000 });
    expect(s.documentNumber).toMatch(/\/2026$/);
    expect((await getIncident(t.db, disnaker, a.incidentId)).claims[0]).toMatchObject({ status: 'submitted', submissionId: s.id });
    expect((await errorOf(createSubmission(t.db, disnaker, {}))).code).toBe('conflict'); // nothing verified left

    await setClaimLayout(
      t.db,
      admin,
      [
        { header: 'NO_KLAIM', field: 'claimId' },
        { header: 'AHLI_WARIS', field: 'heirName' },
        { header: 'REKENING', field: 'bankAccount' },
        { header: 'JUMLAH', field: 'computedAmount' },
      ],
      '35.09',
    );
    const csv = await text((out) => writeSubmissionFile(t.db, disnaker, s.id, 'csv', out));
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual(['NO_KLAIM;AHLI_WARIS;REKENING;JUMLAH', `${a.claimId};Siti Aminah;0011223344;42000000`, `${b.claimId};;;42000000`, `${c.claimId};;;42000000`]);
    expect(await text((out) => writeSubmissionFile(t.db, auditor, s.id, 'csv', out))).toContain(`${a.claimId};Siti Aminah;••••••3344;42000000`);

    const bad = await errorOf(
      importDecisions(t.db, bpjs, {
        path: file('bad.csv', `ID_KLAIM;KEPUTUSAN;JUMLAH;TANGGAL;REFERENSI;ALASAN\n${a.claimId};MUNGKIN;;;;\n${b.claimId};DIBAYAR;42000000;2026-11-20;;\n`),
        format: 'csv',
      }),
    );
    expect(bad.problems.map((p) => p.field)).toEqual(['baris 2: KEPUTUSAN', 'baris 3: REFERENSI']);
    expect((await getIncident(t.db, disnaker, b.incidentId)).claims[0]!.status).toBe('submitted'); // nothing applied

    const result = await importDecisions(t.db, bpjs, {
      path: file(
        'keputusan.csv',
        `ID_KLAIM;KEPUTUSAN;JUMLAH;TANGGAL;REFERENSI;ALASAN\n${a.claimId};DIBAYAR;42.000.000;2026-11-20;BPJS-JKM-01;\n${b.claimId};DIBAYAR;40000000;2026-11-21;BPJS-JKM-02;\n${c.claimId};DITOLAK;;;;Meninggal di luar masa kepesertaan\n`,
      ),
      format: 'csv',
    });
    expect(result).toEqual({
      paid: 2,
      rejected: 1,
      paidTotal: 82_000_000,
      differences: [{ claimId: b.claimId, computed: 42_000_000, paid: 40_000_000, difference: -2_000_000 }],
    });
    const paidB = (await getIncident(t.db, disnaker, b.incidentId)).claims[0]!;
    expect(paidB).toMatchObject({ status: 'paid', paidAmount: 40_000_000, difference: -2_000_000, paymentReference: 'BPJS-JKM-02' });
    expect((await getIncident(t.db, disnaker, c.incidentId)).claims[0]).toMatchObject({ status: 'rejected', rejection: 'Meninggal di luar masa kepesertaan' });
    const timeline = (await getIncident(t.db, disnaker, b.incidentId)).timeline.map((e) => e.to);
    expect(timeline).toEqual(['reported', 'verified', 'submitted', 'paid']);
    // A second decision on a decided claim is refused whole.
    const again = await errorOf(importDecisions(t.db, bpjs, { path: file('again.csv', `ID_KLAIM;KEPUTUSAN;ALASAN\n${c.claimId};DITOLAK;x\n`), format: 'csv' }));
    expect(again.problems.map((p) => p.code)).toEqual(['status']);
  });
});

describe('the scholarship year by year (DOMAIN §3.3)', () => {
  it('re-verifies each school year before paying it; a married child stops; the daily job reminds before the school year', async () => {
    const i = await reportIncident(t.db, disnaker, { participantId: paidFour[4]!, kind: 'work_death', occurredOn: '2026-08-10' });
    await addHeir(t.db, disnaker, i.id, { relation: 'child', fullName: 'Anak A', birthDate: '2008-03-01', schoolLevel: 'sma', yearInLevel: 1 });
    await addHeir(t.db, disnaker, i.id, { relation: 'child', fullName: 'Anak B', birthDate: '2016-05-01', schoolLevel: 'tk_sd', yearInLevel: 5 });
    const s = await scholarshipClaim(t.db, disnaker, i.id);
    // Anak A: SMA 3 years (3 × 3,000,000) + PT from 2029 until 23 on 1 July 2031: 2029, 2030 (2 × 12,000,000).
    const a = s.scholarshipYears.filter((y) => y.child === 'Anak A');
    expect(a.map((y) => [y.schoolYear, y.level, y.amount])).toEqual([
      [2026, 'sma', 3_000_000],
      [2027, 'sma', 3_000_000],
      [2028, 'sma', 3_000_000],
      [2029, 'pt', 12_000_000],
      [2030, 'pt', 12_000_000],
    ]);
    expect(s.scholarshipCap).toBe(174_000_000);
    expect(s.claims.find((c) => c.benefit === 'scholarship')!.computedAmount).toBe(s.scholarshipYears.reduce((x, y) => x + y.amount, 0));
    expect(a[1]!.reminderDueOn).toBe('2027-05-02'); // 60 days before 1 July

    const v = await verifyYear(t.db, disnaker, a[0]!.id, { enrolled: true, married: false, working: false, on: '2026-08-20' });
    expect(v.scholarshipYears.find((y) => y.id === a[0]!.id)!.status).toBe('verified');
    expect((await errorOf(payYear(t.db, bpjs, a[1]!.id, { amount: 3_000_000, paidOn: '2026-09-01', reference: 'B-1' }))).code).toBe('conflict');
    const paid = await payYear(t.db, bpjs, a[0]!.id, { amount: 3_000_000, paidOn: '2026-09-01', reference: 'BEA-2026-01' });
    expect(paid.scholarshipYears.find((y) => y.id === a[0]!.id)).toMatchObject({ status: 'paid', paidAmount: 3_000_000 });

    const daily = await runClaimsDaily(t.db, '2027-05-10');
    // Both children's 2027/2028 years, and Anak B's 2026/2027 year, never re-verified.
    expect(daily.reminders).toBe(3);
    expect((await runClaimsDaily(t.db, '2027-05-10')).reminders).toBe(0);
    expect((await dueScholarshipYears(t.db, disnaker, '2027-05-10')).items.map((y) => [y.child, y.schoolYear])).toEqual([
      ['Anak B', 2026],
      ['Anak A', 2027],
      ['Anak B', 2027],
    ]);

    const stopped = await verifyYear(t.db, disnaker, a[1]!.id, { enrolled: true, married: true, working: false });
    expect(stopped.scholarshipYears.filter((y) => y.child === 'Anak A').map((y) => y.status)).toEqual(['paid', 'stopped', 'stopped', 'stopped', 'stopped']);
    expect(stopped.scholarshipYears.filter((y) => y.child === 'Anak B').every((y) => y.status === 'scheduled')).toBe(true);
    expect((await dueScholarshipYears(t.db, disnaker, '2027-05-10')).count).toBe(2);
    // Before the reminder days of 2027, only Anak B's 2026/2027 year (its day, 2 May 2026, has passed) is due.
    expect((await dueScholarshipYears(t.db, disnaker, '2027-01-10')).items.map((y) => [y.child, y.schoolYear])).toEqual([['Anak B', 2026]]);
  });
});

describe('reports and deadlines', () => {
  it('counts beneficiaries and Rupiah paid by benefit, region, year and source; the public page suppresses small counts', async () => {
    const r = await claimsReport(t.db, disnaker, {});
    expect(r.totals).toMatchObject({ beneficiaries: 2, paidAmount: 82_000_000, computedAmount: 84_000_000 });
    expect(r.byBenefit).toEqual([{ benefit: 'jkm', beneficiaries: 2, paidAmount: 82_000_000, computedAmount: 84_000_000 }]);
    expect(r.byYear).toEqual([{ year: 2026, beneficiaries: 2, paidAmount: 82_000_000 }]);
    expect(r.bySource).toEqual([{ source: 'DBHCHT', beneficiaries: 2, paidAmount: 82_000_000 }]);
    expect(r.byRegion.reduce((x, g) => x + g.paidAmount, 0)).toBe(82_000_000);
    expect(r.byRegion.every((g) => g.code.length === 8)).toBe(true); // districts of the regency
    expect(r.scholarship).toMatchObject({ children: 2, yearsPaid: 1, paidAmount: 3_000_000, childrenStopped: 1 });
    expect((await claimsReport(t.db, disnaker, { year: 2025 })).totals.beneficiaries).toBe(0);
    const pub = await publicClaims(t.db, { regionCode: '35' });
    expect(pub.rows).toEqual([{ code: '35.09', name: 'Kabupaten Jember', beneficiaries: '<10', paidAmount: null, jkm: '<10', jkk: '<10', scholarship: '<10' }]);
    // With a threshold of 2 (a dated reference value), the two families and their Rupiah are shown; the 1 scholarship is not.
    await t.db.query(`INSERT INTO reference_values (key, value, valid_from, legal_basis) VALUES ('public.min_count', 2, '2026-01-01', 'uji')`);
    expect((await publicClaims(t.db, { regionCode: '35' })).rows[0]).toMatchObject({
      beneficiaries: 2,
      paidAmount: 82_000_000,
      jkm: 2,
      jkk: '<2',
      scholarship: '<2',
    });
    await t.db.query(`DELETE FROM reference_values WHERE key = 'public.min_count' AND valid_from = '2026-01-01'`);
  });

  it('expires open claims past the claim deadline, and deletes document content after its retention', async () => {
    const late = await reportIncident(t.db, disnaker, { participantId: paidFour[5]!, kind: 'death', occurredOn: '2026-10-12' });
    expect(late.claims[0]!.status).toBe('reported');
    const out = await runClaimsDaily(t.db, '2031-10-13');
    expect(out.expired).toBeGreaterThanOrEqual(1);
    const after = await getIncident(t.db, disnaker, late.id);
    expect(after.claims[0]).toMatchObject({ status: 'expired', rejection: 'Lewat batas waktu klaim' });
    expect(after.timeline.at(-1)).toMatchObject({ from: 'reported', to: 'expired', actor: 'system' });
    // The document incident's claim closed (expired) today; 60 months later its content is gone, the checklist stays.
    const docIncident = (await t.db.query<{ id: number }>(`SELECT incident_id AS id FROM claim_documents WHERE kind = 'akta_kematian'`))[0]!.id;
    await t.db.query(`UPDATE claims SET closed_on = '2031-10-13' WHERE incident_id = $1`, [docIncident]);
    expect((await runClaimsDaily(t.db, '2036-10-12')).documentsPurged).toBe(0);
    expect((await runClaimsDaily(t.db, '2036-10-14')).documentsPurged).toBe(1);
    const doc = (await getIncident(t.db, disnaker, docIncident)).documents.find((d) => d.kind === 'akta_kematian')!;
    expect(doc).toMatchObject({ received: true, contentDeleted: true });
    expect((await errorOf(documentFile(t.db, disnaker, docIncident, 'akta_kematian'))).code).toBe('not_found');
  });
});

describe('the dated benefit rules', () => {
  it('replaces the JKM claim deadline from a day for later incidents only; national administrators only', async () => {
    const rules = await listBenefitRules(t.db, disnaker);
    expect(rules.items.filter((r) => r.key === 'jkm.claim_deadline_years').map((r) => [r.value, r.validFrom, r.validTo])).toEqual([[5, '2019-12-02', null]]);
    expect(
      (await errorOf(replaceBenefitRule(t.db, disnaker, { key: 'jkm.claim_deadline_years', value: 3, validFrom: '2026-11-01', legalBasis: 'x' }))).code,
    ).toBe('forbidden');
    const bad = await errorOf(replaceBenefitRule(t.db, admin, { key: 'jkm.claim_deadline_years', value: -1, validFrom: '2026-02-30', legalBasis: '' }));
    expect(bad.problems.map((p) => p.field)).toEqual(['value', 'legalBasis', 'validFrom']);
    expect((await errorOf(replaceBenefitRule(t.db, admin, { key: 'jkm.nope', value: 1, validFrom: '2026-11-01', legalBasis: 'x' }))).problems[0]!.code).toBe(
      'unknown',
    );
    await replaceBenefitRule(t.db, admin, {
      key: 'jkm.claim_deadline_years',
      value: 3,
      validFrom: '2026-11-01',
      legalBasis: 'Praktik cabang Jember (surat 12/2026)',
    });
    expect(
      (await listBenefitRules(t.db, disnaker)).items.filter((r) => r.key === 'jkm.claim_deadline_years').map((r) => [r.value, r.validFrom, r.validTo]),
    ).toEqual([
      [5, '2019-12-02', '2026-10-31'],
      [3, '2026-11-01', null],
    ]);
    const later = await reportIncident(t.db, disnaker, { participantId: paidFour[7]!, kind: 'death', occurredOn: '2026-11-15' });
    expect(later.claimDeadline).toBe('2029-11-15');
    const earlier = await reportIncident(t.db, disnaker, { participantId: paidFour[8]!, kind: 'death', occurredOn: '2026-10-20' });
    expect(earlier.claimDeadline).toBe('2031-10-20');
    const audit = await t.db.query<{ before: { value: number }; after: { value: number } }>(
      `SELECT before, after FROM audit_log WHERE action = 'reference.benefit_rule'`,
    );
    expect(audit.map((a) => [a.before.value, a.after.value])).toEqual([[5, 3]]);
  });
});

import { regionCodesUnder } from './demo.repository.js';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { refreshSubsidised, saveInputs, setTarget, type CoverageInput } from '../coverage/coverage.service.js';

/**
 * Coverage figures for the demo: Jawa Timur's published 2023 figure (DOMAIN §5.1: 4,336,959 of
 * 14,531,668 = 29.84 %, PU 3,300,717 + BPU 1,036,242) with the province's 40 % target for 2025, and
 * ILLUSTRATIVE figures for Kabupaten Jember and its districts (deterministic, labelled as such: no
 * official district figures are published), then Jaring's subsidised participants from paid months.
 */
export async function seedDemoCoverage(db: Db, admin: Actor): Promise<void> {
  const illustrative = 'ILUSTRASI DEMO — bukan data resmi';
  const districts = (await regionCodesUnder(db, 'district', '35.09')).map((code) => ({ code }));
  const inputs: CoverageInput[] = [
    {
      regionCode: '35',
      asOf: '2023-12-31',
      potential: 14_531_668,
      potentialSource: 'BPS (penduduk bekerja), dikutip Pemprov Jatim',
      activePu: 3_300_717,
      activeBpu: 1_036_242,
      participantsSource: 'BPJS Ketenagakerjaan, dikutip Pemprov Jatim',
      reportedPct: 29.84,
    },
  ];
  const sumPotential = [0, 0];
  const sumActive = [0, 0];
  districts.forEach((d, i) => {
    const potential = 30_000 + ((i * 7919) % 25_000);
    for (const [k, asOf] of ['2025-12-31', '2026-06-30'].entries()) {
      const share = 22 + ((i * 37 + k * 3) % 24) + k; // 22–46 %, a little higher in 2026
      const active = Math.round((potential * share) / 100);
      inputs.push({ regionCode: d.code, asOf, potential, potentialSource: illustrative, activeTotal: active, participantsSource: illustrative });
      sumPotential[k]! += potential;
      sumActive[k]! += active;
    }
  });
  for (const [k, asOf] of ['2025-12-31', '2026-06-30'].entries())
    inputs.push({
      regionCode: '35.09',
      asOf,
      potential: sumPotential[k]!,
      potentialSource: illustrative,
      activeTotal: sumActive[k]!,
      participantsSource: illustrative,
    });
  await saveInputs(db, admin, inputs, 'demo');
  await setTarget(db, admin, { regionCode: '35', year: 2025, value: 40, source: 'Pemprov Jawa Timur, RKPD 2025' });
  await setTarget(db, admin, { regionCode: '35.09', year: 2026, value: 45, source: illustrative });
  await refreshSubsidised(db, null);
}

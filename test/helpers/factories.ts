import type { Queryable } from '../../src/db/db.js';
import type { Actor } from '../../src/actor.js';
import type { WorkerInput } from '../../src/domain/worker-rules.js';
import { hashPassword } from '../../src/access/password.js';
import type { Role } from '../../src/domain/roles.js';

/** Real Jember villages used across tests: two in Kecamatan Ajung (35.09.17), one in Kencong (35.09.02). */
export const AJUNG_VILLAGE = '35.09.17.2001';
export const AJUNG_VILLAGE_2 = '35.09.17.2002';
export const KENCONG_VILLAGE = '35.09.02.2001';
/** A village in Kabupaten Bondowoso (35.11), outside Jember. */
export const BONDOWOSO_VILLAGE = '35.11.01.2001';

let serial = 1;
/** A valid NIK issued in Kecamatan Ajung for a given birth date and sex, unique per call. */
export function makeNik(birthDate = '1985-03-12', sex: 'L' | 'P' = 'L', district = '350917'): string {
  const [y, m, d] = birthDate.split('-');
  const day = Number(d) + (sex === 'P' ? 40 : 0);
  return `${district}${String(day).padStart(2, '0')}${m}${y!.slice(2)}${String(serial++).padStart(4, '0')}`;
}

export function buildWorker(overrides: Partial<WorkerInput> = {}): WorkerInput {
  const birthDate = overrides.birthDate ?? '1985-03-12';
  const sex = (overrides.sex as 'L' | 'P' | undefined) ?? 'L';
  return {
    nik: makeNik(birthDate, sex),
    fullName: 'Slamet Riyadi',
    birthDate,
    sex,
    address: 'Dusun Krajan RT 001/RW 002',
    villageCode: AJUNG_VILLAGE,
    sectorCode: 'tobacco_farm_labourer',
    occupation: 'buruh tani',
    welfareDecile: 2,
    monthlyIncome: 1_200_000,
    phone: '081234567890',
    isWageEarner: false,
    ...overrides,
  };
}

export const actor = (role: Role, scope: string | null, id: number | null = null, username = `${role}.test`): Actor => ({ id, username, role, scope });

export async function insertUser(db: Queryable, username: string, role: Role, regionCode: string | null, password = 'rahasia-sekali-123'): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO users (username, full_name, password_hash, role, region_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [username, `Test ${role}`, await hashPassword(password), role, regionCode],
  );
  return rows[0]!.id;
}

import type { Actor } from '../../actor.js';
import { can } from '../../domain/roles.js';
import { maskNik } from '../../domain/nik.js';
import type { WorkerRow } from './workers.repository.js';

export interface WorkerView {
  id: number;
  nik: string;
  nikMasked: boolean;
  nikNeedsVerification: boolean;
  fullName: string;
  birthDate: string;
  sex: 'L' | 'P';
  address: string;
  villageCode: string;
  sectorCode: string;
  occupation: string;
  welfareDecile: number | null;
  monthlyIncome: number | null;
  phone: string | null;
  isWageEarner: boolean;
  isSynthetic: boolean;
  /** The import that registered this worker, if one did. */
  sourceImportId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const maskPhone = (p: string | null) => (p && p.length > 6 ? p.slice(0, 5) + '•'.repeat(p.length - 8) + p.slice(-3) : p);

/** The one place a worker row becomes a response: NIK and phone masked for roles without `nik.full`. */
export function presentWorker(row: WorkerRow, actor: Actor): WorkerView {
  const full = can(actor.role, 'nik.full');
  return {
    id: row.id,
    nik: full ? row.nik : maskNik(row.nik),
    nikMasked: !full,
    nikNeedsVerification: row.nik_needs_verification,
    fullName: row.full_name,
    birthDate: row.birth_date,
    sex: row.sex,
    address: row.address,
    villageCode: row.village_code,
    sectorCode: row.sector_code,
    occupation: row.occupation,
    welfareDecile: row.welfare_decile,
    monthlyIncome: row.monthly_income,
    phone: full ? row.phone : maskPhone(row.phone),
    isWageEarner: row.is_wage_earner,
    isSynthetic: row.is_synthetic,
    sourceImportId: row.source_import_id,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A stored audit snapshot, masked the same way. */
export function presentSnapshot(snapshot: Record<string, unknown> | null, actor: Actor): Record<string, unknown> | null {
  if (!snapshot) return null;
  if (can(actor.role, 'nik.full')) return snapshot;
  const out = { ...snapshot };
  if (typeof out.nik === 'string') out.nik = maskNik(out.nik);
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  return out;
}

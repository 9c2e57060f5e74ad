import { personal } from '../../access/personal.js';
import type { Actor } from '../../actor.js';
import type { WorkerListRow, WorkerRow } from './workers.repository.js';
import { monthEnd } from '../../domain/protection.js';

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

/** The one place a worker row becomes a response: identifiers through the personal-data presenter. */
export function presentWorker(row: WorkerRow, actor: Actor): WorkerView {
  const p = personal(actor);
  return {
    id: row.id,
    nik: p.nik(row.nik),
    nikMasked: !p.full,
    nikNeedsVerification: row.nik_needs_verification,
    fullName: row.full_name,
    birthDate: p.birthDate(row.birth_date)!,
    sex: row.sex,
    address: p.address(row.address)!,
    villageCode: row.village_code,
    sectorCode: row.sector_code,
    occupation: row.occupation,
    welfareDecile: row.welfare_decile,
    monthlyIncome: row.monthly_income,
    phone: p.phone(row.phone),
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
  const p = personal(actor);
  if (p.full) return snapshot;
  const out = { ...snapshot };
  if (typeof out.nik === 'string') out.nik = p.nik(out.nik);
  if (typeof out.phone === 'string') out.phone = p.phone(out.phone);
  for (const k of ['birthDate', 'birth_date']) if (typeof out[k] === 'string') out[k] = p.birthDate(out[k]);
  if (typeof out.address === 'string') out.address = p.address(out.address);
  return out;
}

/** A row of the registry list: the worker, where they live by name, and their enrolment as BPJS knows it. */
export interface WorkerListItem extends WorkerView {
  villageName: string | null;
  districtName: string | null;
  enrolment: {
    participantId: number;
    status: 'candidate' | 'submitted' | 'active' | 'lapsed' | 'ended';
    kpj: string | null;
    /** The last day of the last paid month, or null when nothing is paid yet. */
    protectedUntil: string | null;
  } | null;
}

export function presentListItem(row: WorkerListRow, actor: Actor): WorkerListItem {
  const p = personal(actor);
  return {
    ...presentWorker(row, actor),
    villageName: row.village_name,
    districtName: row.district_name,
    enrolment:
      row.participant_id === null || row.participant_status === null
        ? null
        : {
            participantId: row.participant_id,
            status: row.participant_status,
            kpj: p.kpj(row.kpj),
            protectedUntil: row.last_paid ? monthEnd(row.last_paid.slice(0, 7)) : null,
          },
  };
}

/** Shapes of the verification API (src/modules/verification/verification.routes.ts). */
export interface VillageProgress {
  villageCode: string;
  villageName: string;
  districtName: string;
  total: number;
  pending: number;
  confirmed: number;
  corrected: number;
  rejected: number;
  notStarted: boolean;
  lastAt: string | null;
}

export interface Round {
  id: number;
  regionCode: string;
  name: string;
  origin: 'plan' | 'filter';
  dueOn: string | null;
  status: 'open' | 'signed_off';
  createdBy: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
  total: number;
  pending: number;
  done: number;
  villages: VillageProgress[];
  bpjs: { sentAt: string | null; answeredAt: string | null; answered: number; wageEarners: number; protectedElsewhere: number };
}

export interface Item {
  workerId: number;
  nik: string;
  fullName: string;
  birthDate: string | null;
  villageCode: string;
  villageName: string;
  sectorCode: string;
  phone: string | null;
  welfareDecile: number | null;
  verdict: 'pending' | 'confirmed' | 'corrected' | 'rejected';
  reason: string | null;
  newSector: string | null;
  newPhone: string | null;
  note: string;
  verifiedBy: string | null;
  photo?: 'KK' | 'KTP' | null;
}

export const REASONS = ['died', 'moved', 'wage_earner', 'not_informal', 'not_found', 'duplicate', 'other'] as const;

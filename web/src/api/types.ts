export type Role = 'super_admin' | 'province_admin' | 'regency_operator' | 'village_operator' | 'bpjs_officer' | 'auditor';
export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

export interface Me {
  user: { id: number | null; username: string; role: Role; regionCode: string | null; regionName: string | null };
  permissions: string[];
  csrfToken: string;
}

export interface Region {
  code: string;
  level: RegionLevel;
  name: string;
  parentCode: string | null;
}
export interface RegionWithCount extends Region {
  childCount: number;
}
export interface RegionDetail extends Region {
  ancestors: Region[];
  children: RegionWithCount[];
}
export interface RegionHit extends Region {
  path: string;
}

export interface Sector {
  code: string;
  nameId: string;
  nameEn: string;
  examples: string;
}

export interface Worker {
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
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface User {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  regionCode: string | null;
  active: boolean;
}

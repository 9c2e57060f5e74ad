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

export type ImportStatus = 'created' | 'running' | 'completed' | 'failed' | 'cancelled';
export type ImportPolicy = 'insert_only' | 'upsert' | 'reject_conflicts';
export const IMPORT_FIELDS = [
  'nik',
  'fullName',
  'birthDate',
  'sex',
  'address',
  'villageCode',
  'sectorCode',
  'occupation',
  'welfareDecile',
  'monthlyIncome',
  'phone',
  'isWageEarner',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export interface ImportView {
  id: number;
  status: ImportStatus;
  fileName: string;
  format: string;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  sample: string[][];
  mapping: Partial<Record<ImportField, number>>;
  policy: ImportPolicy;
  progress: { bytesDone: number; fileBytes: number; rowsRead: number; percent: number };
  counts: { total: number; invalid: number; inserted: number; updated: number; unchanged: number; skipped: number };
  message: { id: string; en: string } | null;
  cancelRequested: boolean;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RowProblem {
  rowNo: number;
  cells: string[];
  problems: { field: string; column: string; value: string; code: string; id: string; en: string }[];
}

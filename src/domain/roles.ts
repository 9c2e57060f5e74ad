import { regionLevel, type RegionLevel } from './region-code.js';

/**
 * Who may do what. Each user has one role and one region scope (null = the whole country).
 * The data layer filters every query by the scope; these tables say which actions a role has
 * and whether it sees NIKs in full (UU 27/2022: only those who need them).
 */
export const ROLES = [
  'super_admin',
  'province_admin',
  'regency_operator',
  'village_operator',
  'bpjs_officer',
  'auditor',
  'donor',
  'dbhcht_secretariat',
] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'workers.read'
  | 'workers.write'
  | 'users.manage'
  | 'audit.read'
  | 'nik.full'
  | 'funding.read'
  | 'funding.write'
  | 'plans.approve'
  /** Sign a field-verification round off (never the round's maker): the villages' verdicts reach the registry. */
  | 'verification.approve'
  | 'enrolment.write'
  | 'billing.write'
  | 'coverage.write'
  /** See background jobs (imports, billing runs, scheduled work) and their errors, in one's region. */
  | 'jobs.read'
  /** Retry a failed job, run a schedule now. */
  | 'jobs.manage'
  /** The office's letterhead, signatory and document numbering on official documents. */
  | 'settings.write'
  /** Report an incident, follow its claims, record heirs and BPJS's decision. */
  | 'claims.write'
  /** Add a dated legal rule (a benefit amount, a claim deadline) when a regulation or the branch's practice changes: national. */
  | 'reference.write'
  /** A donor's own space: their sponsorships, donations, receipts and the workers they registered. */
  | 'donor.self'
  /** See donors, sponsorships, donations, pool balances and lapsed donors of one's region. */
  | 'donors.read'
  /** Create donors, confirm donations, import bank statements, assign pools, refund. */
  | 'donors.manage';

const PERMISSIONS: Record<Role, readonly Permission[]> = {
  super_admin: [
    'workers.read',
    'workers.write',
    'users.manage',
    'audit.read',
    'nik.full',
    'funding.read',
    'funding.write',
    'plans.approve',
    'verification.approve',
    'enrolment.write',
    'billing.write',
    'coverage.write',
    'jobs.read',
    'jobs.manage',
    'settings.write',
    'claims.write',
    'reference.write',
    'donors.read',
    'donors.manage',
  ],
  // Provincial monitors steer by figures and manage their regencies' accounts; they do not register people.
  province_admin: ['workers.read', 'users.manage', 'audit.read', 'funding.read', 'coverage.write', 'jobs.read', 'settings.write', 'donors.read'],
  // Disnaker and village operators register and verify workers, so they need the full NIK. Disnaker
  // keeps budgets and makes plans; a second Disnaker account (never the plan's maker) approves them.
  // Disnaker also enrols the approved workers, records BPJS's answers, bills and records payments.
  regency_operator: [
    'workers.read',
    'workers.write',
    'audit.read',
    'nik.full',
    'funding.read',
    'funding.write',
    'plans.approve',
    'verification.approve',
    'enrolment.write',
    'billing.write',
    'coverage.write',
    'jobs.read',
    'settings.write',
    'claims.write',
    'donors.read',
    'donors.manage',
  ],
  // Village operators report incidents where they happen; the BPJS branch records its decisions on claims.
  village_operator: ['workers.read', 'workers.write', 'nik.full', 'funding.read', 'claims.write'],
  // The BPJS branch registers participants by NIK, starting from approved plans.
  // It records the branch's answer (KPJ numbers) and reconciles its own participant statements.
  bpjs_officer: ['workers.read', 'nik.full', 'funding.read', 'enrolment.write', 'coverage.write', 'claims.write'],
  auditor: ['workers.read', 'audit.read', 'funding.read', 'jobs.read', 'donors.read'],
  // The regency's DBHCHT secretariat (the team a Pemda sets up to coordinate the tobacco-excise spending
  // governed by PMK 72/2024; Probolinggo names it beside Disnaker and BPJS in its verification) checks the
  // lists the tobacco money pays for: it signs field-verification rounds off as the checker, and reads the
  // registry (identifiers masked), budgets and plans. It changes nothing else.
  dbhcht_secretariat: ['workers.read', 'funding.read', 'verification.approve', 'audit.read'],
  // A donor sees only their own rows: never the registry, never another donor (the access model's donor scope).
  donor: ['donor.self'],
};

/** The region level each role's scope must have; null means the scope must be the whole country. */
const SCOPE_LEVEL: Record<Role, RegionLevel | 'national' | 'any'> = {
  super_admin: 'national',
  province_admin: 'province',
  regency_operator: 'regency',
  village_operator: 'village',
  bpjs_officer: 'any',
  auditor: 'any',
  donor: 'national',
  dbhcht_secretariat: 'regency',
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return PERMISSIONS[role];
}

/** Whether a region scope fits a role: a village operator needs a village, a super admin the country. */
export function scopeFitsRole(role: Role, scope: string | null): boolean {
  const level = SCOPE_LEVEL[role];
  if (level === 'national') return scope === null;
  if (level === 'any') return true;
  return scope !== null && regionLevel(scope) === level;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

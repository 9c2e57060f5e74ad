/**
 * Response shapes: the routes' response schemas as types (z.infer, type-only imports erased from the
 * bundle), so the two sides cannot drift apart. The web imports server code only from `*.schemas.ts`
 * files and pure `src/domain/` rules — ESLint refuses anything else.
 */
export type {
  WorkerView as Worker,
  WorkerListItemView as WorkerListItem,
  WorkerDetailView as WorkerDetail,
  AuditEntryView as AuditEntry,
} from '../../../src/modules/workers/workers.schemas.js';
export type { UserView as User } from '../../../src/modules/users/users.schemas.js';
export type { ImportView, RowProblemView as RowProblem, ImportPolicy, ImportStatus } from '../../../src/modules/imports/imports.schemas.js';
export type { Role } from '../../../src/domain/roles.js';
export type { RegionLevel } from '../../../src/domain/region-code.js';
import type { Role } from '../../../src/domain/roles.js';

export interface Me {
  user: { id: number | null; username: string; role: Role; regionCode: string | null; regionName: string | null };
  permissions: string[];
  csrfToken: string;
}

export type { RegionView as Region, RegionDetail } from '../../../src/modules/regions/regions.schemas.js';
import type { RegionView } from '../../../src/modules/regions/regions.schemas.js';
export type RegionWithCount = RegionView & { childCount: number };
export type RegionHit = RegionView & { path: string };

export interface Sector {
  code: string;
  nameId: string;
  nameEn: string;
  examples: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** False when the total is a lower bound ("more than 10,000"). */
  totalExact: boolean;
  page: number;
  pageSize: number;
  /** The next page by keyset, when there is one. */
  nextCursor: string | null;
}

export { IMPORT_FIELDS, type ImportField } from '../../../src/domain/import-mapping.js';
export { CHANGE_KINDS, type ChangeKind } from '../../../src/domain/registry-changes.js';
export type { RegistryUpdateView, ChangeView, ImpactView } from '../../../src/modules/registry/registry.schemas.js';

export type { ProgramView as Program, ProgramDetail, SourceView as FundingSource, BudgetView as Budget } from '../../../src/modules/funding/funding.schemas.js';
export type {
  Plan,
  PlanSummaryView as PlanSummary,
  PlanCandidate,
  ScenarioOutcome,
  DoubleFunding as DoubleFundingRow,
  RulePreview,
  LossesView,
  WhatIfView,
  BudgetNeededView,
} from '../../../src/modules/plans/plans.schemas.js';
export type { JobView as Job, JobList, ScheduleView as Schedule } from '../../../src/modules/jobs/jobs.schemas.js';
export type { HomeView } from '../../../src/modules/home/home.schemas.js';
export type { LetterheadView } from '../../../src/modules/letterheads/letterheads.schemas.js';
export type { IncidentViewT as Incident, ClaimViewT as Claim } from '../../../src/modules/claims/claims.schemas.js';
export type {
  SubmissionT as ClaimSubmission,
  DecisionResultT as DecisionResult,
  ScholarshipYearT as ScholarshipYear,
  ClaimsReportT as ClaimsReport,
  PublicClaimsT as PublicClaims,
} from '../../../src/modules/claims/claims.schemas.js';

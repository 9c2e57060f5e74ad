/**
 * Response shapes. Where the server has a presenter, its type is used directly (type-only imports,
 * erased from the bundle), so the two sides cannot drift apart.
 */
export type { WorkerView as Worker } from '../../../src/modules/workers/workers.presenter.js';
export type { AuditEntryView as AuditEntry } from '../../../src/modules/workers/workers.service.js';
export type { UserView as User } from '../../../src/modules/users/users.service.js';
export type { ImportView, RowProblemView as RowProblem } from '../../../src/modules/imports/imports.service.js';
export type { ImportPolicy } from '../../../src/modules/imports/merge.repository.js';
export type { ImportStatus } from '../../../src/modules/imports/imports.repository.js';
export type { Role } from '../../../src/domain/roles.js';
export type { RegionLevel } from '../../../src/domain/region-code.js';
import type { Role } from '../../../src/domain/roles.js';

export interface Me {
  user: { id: number | null; username: string; role: Role; regionCode: string | null; regionName: string | null };
  permissions: string[];
  csrfToken: string;
}

export type { RegionView as Region, RegionDetail } from '../../../src/modules/regions/regions.service.js';
import type { RegionView } from '../../../src/modules/regions/regions.service.js';
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
  page: number;
  pageSize: number;
}

export { IMPORT_FIELDS, type ImportField } from '../../../src/domain/import-mapping.js';

export type { ProgramView as Program, ProgramDetail, SourceView as FundingSource, BudgetView as Budget } from '../../../src/modules/funding/funding.service.js';
export type {
  PlanView as Plan,
  PlanSummary,
  PlanCandidateView as PlanCandidate,
  ScenarioOutcome,
  DoubleFundingRow,
} from '../../../src/modules/plans/plans.service.js';
export type { RulePreview } from '../../../src/modules/plans/candidates.repository.js';

import type { Migration } from '../migrate.js';
import { migration as core } from './0001-core.js';
import { migration as regions } from './0002-regions.js';
import { migration as imports } from './0003-imports.js';
import { migration as setBasedIntegrity } from './0004-set-based-integrity.js';
import { migration as importFileOwned } from './0005-import-file-owned.js';
import { migration as funding } from './0006-funding.js';
import { migration as enrolment } from './0007-enrolment.js';
import { migration as coverage } from './0008-coverage.js';
import { migration as security } from './0009-security.js';
import { migration as importRejectedRows } from './0010-import-rejected-rows.js';
import { migration as jobs } from './0011-jobs.js';
import { migration as benefitAmounts } from './0012-benefit-amounts.js';
import { migration as importUnverifiedCount } from './0013-import-unverified-count.js';
import { migration as coverageActive } from './0014-coverage-active.js';
import { migration as letterheads } from './0015-letterheads.js';
import { migration as claims } from './0016-claims.js';
import { migration as heirSchooling } from './0017-heir-schooling.js';
import { migration as claimsExchange } from './0018-claims-exchange.js';
import { migration as mailOutbox } from './0019-mail-outbox.js';
import { migration as workerListScale } from './0021-worker-list-scale.js';
import { migration as coverageIncremental } from './0022-coverage-incremental.js';
import { migration as planGroups } from './0023-plan-groups.js';
import { migration as acquisitionKpi } from './0024-acquisition-kpi.js';
import { migration as verification } from './0025-verification.js';
import { migration as sourceVerifiedWithin } from './0026-source-verified-within.js';
import { migration as duplicates } from './0027-duplicates.js';
import { migration as registryUpdates } from './0028-registry-updates.js';
import { migration as bpjsCheck } from './0029-bpjs-check.js';
import { migration as verificationPhotos } from './0030-verification-photos.js';
import { migration as verificationFollowup } from './0031-verification-followup.js';
import { migration as planCandidatesStatementCheck } from './0032-plan-candidates-statement-check.js';
import { migration as workerNameKey } from './0033-worker-name-key.js';
import { migration as workerPublication } from './0034-worker-publication.js';
import { migration as importMergeProgress } from './0035-import-merge-progress.js';
import { migration as donors } from './0020-donors.js';

/** Append-only, in order. Never edit a migration that has shipped; add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  core,
  regions,
  imports,
  setBasedIntegrity,
  importFileOwned,
  funding,
  enrolment,
  coverage,
  security,
  importRejectedRows,
  jobs,
  benefitAmounts,
  importUnverifiedCount,
  coverageActive,
  letterheads,
  claims,
  heirSchooling,
  claimsExchange,
  mailOutbox,
  donors,
  workerListScale,
  coverageIncremental,
  planGroups,
  acquisitionKpi,
  verification,
  sourceVerifiedWithin,
  duplicates,
  registryUpdates,
  bpjsCheck,
  verificationPhotos,
  verificationFollowup,
  planCandidatesStatementCheck,
  workerNameKey,
  workerPublication,
  importMergeProgress,
];

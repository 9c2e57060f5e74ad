import * as repo from './coverage.repository.js';
import type { Queryable } from '../../db/db.js';

/**
 * Runs `change` (a payment; a membership to or from `ended`) with the subsidised aggregate kept in step in its
 * transaction: these participants' contribution out before, back in after, by the rebuild's SQL restricted
 * to them, so the aggregate stays equal to a full rebuild (tested). No participants: only `change`.
 */
export async function keepSubsidisedInStep<T>(tx: Queryable, participantIds: number[], change: () => Promise<T>): Promise<T> {
  if (participantIds.length === 0) return change();
  await repo.beginSubsidisedChange(tx);
  await repo.changeSubsidised(tx, participantIds, -1);
  const result = await change();
  await repo.changeSubsidised(tx, participantIds, 1);
  await repo.dropEmptySubsidised(tx);
  return result;
}

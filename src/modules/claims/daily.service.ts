import type { Db } from '../../db/db.js';
import { SYSTEM_ACTOR } from '../../actor.js';
import { todayJakarta } from '../../domain/calendar.js';
import { insertAudit } from '../audit/audit.repository.js';
import { expirePastDeadline } from './claims.repository.js';
import { purgeClaimDocuments } from './documents.service.js';
import { markScholarshipReminders } from './scholarships.service.js';

/**
 * The claims' daily job: claims still open past their incident's claim deadline expire (with their
 * event and an audit row per region); school years whose re-verification reminder day has come are
 * marked (the home page and the claims page show them); the content of documents whose claims closed
 * longer ago than the retention months is deleted. Idempotent: a second run the same day changes nothing.
 */
export async function runClaimsDaily(db: Db, asOf?: string): Promise<{ expired: number; reminders: number; documentsPurged: number }> {
  const today = asOf ?? todayJakarta();
  return db.transaction(async (tx) => {
    const expired = await expirePastDeadline(tx, today, SYSTEM_ACTOR.username);
    const byRegion = new Map<string, number[]>();
    for (const c of expired) byRegion.set(c.region_code, [...(byRegion.get(c.region_code) ?? []), c.id]);
    for (const [regionCode, ids] of byRegion)
      await insertAudit(tx, SYSTEM_ACTOR, {
        action: 'claim.expired',
        entity: 'claim',
        entityId: ids.join(','),
        regionCode,
        after: { reason: 'claim deadline passed', asOf: today },
      });
    const reminders = await markScholarshipReminders(tx, today);
    const documentsPurged = await purgeClaimDocuments(tx, today);
    return { expired: expired.length, reminders, documentsPurged };
  });
}

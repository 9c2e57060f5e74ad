import type { Queryable } from '../../db/db.js';
import { can } from '../../domain/roles.js';
import { requirePermission, type Actor } from '../../actor.js';
import { checkDate, todayJakarta } from '../../domain/calendar.js';
import { monthEnd } from '../../domain/protection.js';
import { dashboard } from '../coverage/coverage.service.js';
import { alerts } from '../billing/alerts.service.js';
import { listInvoices } from '../billing/billing.service.js';
import { listImports } from '../imports/imports.service.js';
import { listPlans } from '../plans/plans.service.js';
import { listBatches } from '../enrolment/enrolment.service.js';
import { listClaims } from '../claims/claims.service.js';
import { dueScholarshipYears } from '../claims/scholarships.service.js';
import { donorDesk } from '../donors/payments.service.js';
import { listRounds } from '../verification/verification.service.js';

/**
 * What a user should do today, after login (issue 12.14): one call that gathers, from the services
 * that own them, the figures a role acts on — protected now, ending this month, unpaid months and
 * their Rupiah, imports to finish, plans awaiting approval, batches awaiting BPJS's answer, open
 * invoices, coverage against target. A tile a role may not see is null, never a zero.
 */
export interface Home {
  today: string;
  regionName: string;
  coverage: { pct: number | null; asOf: string | null; target: { value: number; year: number; gapPeople: number } | null } | null;
  protectedNow: { count: number; paidThisMonth: number; month: string } | null;
  endingThisMonth: { count: number; until: string } | null;
  unpaid: { count: number; rupiah: number } | null;
  imports: { unfinished: number; failed: number; latestId: number | null } | null;
  plans: { submitted: number; awaitingMe: number; drafts: number } | null;
  batches: { awaitingAnswer: number } | null;
  invoices: { open: number; outstanding: number } | null;
  /** Claims whose current step is past its deadline (accident report, BPJS's decision). */
  /** Claims past their step's deadline; school years waiting for their re-verification (reminded by the daily job). */
  claims: { overdue: number; scholarshipDue: number } | null;
  /** Donations to confirm, bank lines to decide, paid pools to assign (issue 14). */
  donors: { expected: number; openLines: number; poolsToAssign: number } | null;
  /** Workers of open verification rounds in the user's villages still without a verdict, and the nearest due date: the reminder. */
  verification: { openRounds: number; pending: number; nearestDue: string | null; roundId: number | null } | null;
}

export async function home(db: Queryable, actor: Actor, q: { asOf?: string } = {}): Promise<Home> {
  requirePermission(actor, 'workers.read');
  const today = checkDate('asOf', q.asOf ?? todayJakarta());
  const may = (p: Parameters<typeof can>[1]) => can(actor.role, p);
  const funding = may('funding.read');
  const d = funding ? await dashboard(db, actor, { regionCode: actor.scope, asOf: today }) : null;
  const until = monthEnd(today.slice(0, 7));
  const days = Math.round((Date.parse(until) - Date.parse(today)) / 86_400_000);
  const a = funding ? await alerts(db, actor, { asOf: today, days, limit: 1 }) : null;
  const imports = may('workers.write') ? await listImports(db, actor) : null;
  const plans = funding ? await listPlans(db, actor) : null;
  const batches = may('enrolment.write') ? await listBatches(db, actor) : null;
  const overdueClaims = funding ? (await listClaims(db, actor, { overdue: true, pageSize: 500 })).items.length : null;
  const scholarshipDue = funding ? (await dueScholarshipYears(db, actor, today)).count : 0;
  const invoices = may('billing.write') ? (await listInvoices(db, actor)).filter((i) => i.status !== 'paid') : null;
  return {
    today,
    regionName: d?.region.name ?? actor.scope ?? 'Indonesia',
    coverage: d
      ? {
          pct: d.region.pct,
          asOf: d.region.asOf,
          target: d.region.target ? { value: d.region.target.value, year: d.region.target.year, gapPeople: d.region.target.gapPeople } : null,
        }
      : null,
    protectedNow: d ? { count: d.region.subsidised, paidThisMonth: d.region.subsidisedPaid, month: today.slice(0, 7) } : null,
    endingThisMonth: a ? { count: a.counts.ending, until } : null,
    unpaid: a ? { count: a.counts.unpaid, rupiah: a.counts.unpaidRupiah } : null,
    imports: imports
      ? {
          unfinished: imports.filter((i) => i.status === 'created' || i.status === 'running').length,
          failed: imports.filter((i) => i.status === 'failed').length,
          latestId: imports.find((i) => i.status === 'created' || i.status === 'running')?.id ?? null,
        }
      : null,
    plans: plans
      ? {
          submitted: plans.filter((p) => p.status === 'submitted').length,
          awaitingMe: may('plans.approve') ? plans.filter((p) => p.status === 'submitted' && p.createdBy !== actor.username).length : 0,
          drafts: plans.filter((p) => p.status === 'draft').length,
        }
      : null,
    batches: batches ? { awaitingAnswer: batches.filter((b) => b.status === 'submitted').length } : null,
    invoices: invoices ? { open: invoices.length, outstanding: invoices.reduce((s, i) => s + i.outstanding, 0) } : null,
    claims: overdueClaims === null ? null : { overdue: overdueClaims, scholarshipDue },
    donors: may('donors.read') ? await donorDesk(db, actor) : null,
    verification: may('workers.write') ? verificationTile(await listRounds(db, actor)) : null,
  };
}

function verificationTile(rounds: Awaited<ReturnType<typeof listRounds>>): NonNullable<Home['verification']> {
  const open = rounds.filter((r) => r.status === 'open' && r.pending > 0).sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
  return {
    openRounds: open.length,
    pending: open.reduce((s, r) => s + r.pending, 0),
    nearestDue: open.find((r) => r.dueOn)?.dueOn ?? null,
    roundId: open[0]?.id ?? null,
  };
}

/**
 * Participant lifecycle, KPJ numbers, billing blocks and "is this worker protected on day D" —
 * pure rules, no I/O (shared/DOMAIN.md §1.3, §6.3).
 */

export const PARTICIPANT_STATUSES = ['candidate', 'submitted', 'active', 'lapsed', 'ended'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];
export const END_REASONS = ['died', 'moved', 'wage_earner', 'left_program'] as const;
export type EndReason = (typeof END_REASONS)[number];
export type BillingCycle = 'monthly' | 'quarterly' | 'yearly';

/** Which transitions the lifecycle allows. A rejected submission returns to candidate. */
const TRANSITIONS: Record<ParticipantStatus, readonly ParticipantStatus[]> = {
  candidate: ['submitted', 'ended'],
  submitted: ['active', 'candidate', 'ended'],
  active: ['lapsed', 'ended'],
  lapsed: ['active', 'ended'],
  ended: [],
};

export function canMove(from: ParticipantStatus, to: ParticipantStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** KPJ (Kartu Peserta Jamsostek) numbers are 11 digits (DOMAIN §6.3). */
export function isKpj(value: string): boolean {
  return /^[0-9]{11}$/.test(value);
}

/** KPJ numbers are sensitive like NIKs: only the first 3 and last 3 digits show. */
export function maskKpj(kpj: string): string {
  return kpj.length < 6 ? '•'.repeat(kpj.length) : kpj.slice(0, 3) + '•'.repeat(kpj.length - 6) + kpj.slice(-3);
}

/** "YYYY-MM" plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Months from a to b inclusive (0 when b is before a). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return Math.max(0, yb * 12 + mb - (ya * 12 + ma) + 1);
}

/** The last day of a month, "YYYY-MM-DD". */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/** The billing block a month belongs to for a source's cycle: the month, its quarter, or its year. */
export function billingBlock(cycle: BillingCycle, month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (cycle === 'monthly') return { from: month, to: month };
  if (cycle === 'quarterly') {
    const q = Math.floor((m - 1) / 3) * 3 + 1;
    const from = `${y}-${String(q).padStart(2, '0')}`;
    return { from, to: addMonths(from, 2) };
  }
  return { from: `${y}-01`, to: `${y}-12` };
}

export interface PaidMonth {
  month: string;
  sourceId: number;
  sourceName: string;
  paid: boolean;
}

export interface ProtectionAnswer {
  /** protected: the month of D is paid; grace: unpaid but arrears can still be paid; none: not protected. */
  state: 'protected' | 'grace' | 'none';
  month: string;
  source: { id: number; name: string } | null;
  /** Last day of the contiguous paid months that include D (or of the last paid month before D). */
  protectedUntil: string | null;
  /** Last day arrears may be paid to keep the membership (last paid month + the arrears limit). */
  reactivationDeadline: string | null;
  /** Why, as a code the UI translates, and in words (English) for logs and the CLI. */
  code: 'paid' | 'billed_unpaid' | 'not_billed' | 'arrears_passed' | 'never_paid' | 'ended' | 'not_registered';
  reason: string;
}

/**
 * Protection on day D from billed months. A month counts only when it is paid. An unpaid month within
 * `arrearsMonths` of the last paid one is "grace": protected-until and the reactivation deadline are
 * kept apart, because the sources do not settle whether an event in the arrears window is covered
 * (DOMAIN §1.3, §10.2). An ended participant is not protected after the day membership ended.
 */
export function protectionOn(months: readonly PaidMonth[], day: string, arrearsMonths: number, ended: { on: string } | null = null): ProtectionAnswer {
  const month = day.slice(0, 7);
  if (ended && day > ended.on)
    return { state: 'none', month, source: null, protectedUntil: null, reactivationDeadline: null, code: 'ended', reason: `membership ended on ${ended.on}` };
  const paid = new Map(months.filter((m) => m.paid).map((m) => [m.month, m]));
  const here = paid.get(month);
  if (here) {
    let last = month;
    while (paid.has(addMonths(last, 1))) last = addMonths(last, 1);
    return {
      state: 'protected',
      month,
      source: { id: here.sourceId, name: here.sourceName },
      protectedUntil: monthEnd(last),
      reactivationDeadline: monthEnd(addMonths(last, arrearsMonths)),
      code: 'paid',
      reason: 'month paid',
    };
  }
  const before = [...paid.keys()].filter((m) => m < month).sort();
  const lastPaid = before[before.length - 1];
  if (lastPaid && monthsBetween(lastPaid, month) - 1 <= arrearsMonths) {
    const billed = months.find((m) => m.month === month);
    return {
      state: 'grace',
      month,
      source: billed ? { id: billed.sourceId, name: billed.sourceName } : null,
      protectedUntil: monthEnd(lastPaid),
      reactivationDeadline: monthEnd(addMonths(lastPaid, arrearsMonths)),
      code: billed ? 'billed_unpaid' : 'not_billed',
      reason: billed ? 'month billed, not paid: arrears may still be paid' : 'no month billed: arrears may still be paid',
    };
  }
  return {
    state: 'none',
    month,
    source: null,
    protectedUntil: lastPaid ? monthEnd(lastPaid) : null,
    reactivationDeadline: lastPaid ? monthEnd(addMonths(lastPaid, arrearsMonths)) : null,
    code: lastPaid ? 'arrears_passed' : 'never_paid',
    reason: lastPaid ? 'arrears limit passed' : 'no paid month',
  };
}

/**
 * A participant's protection on day D: a candidate or submitted participant is not registered with BPJS
 * yet; an ended one is not protected after the end (see protectionOn).
 */
export function participantProtection(
  p: { status: string; status_since: string },
  months: readonly PaidMonth[],
  day: string,
  arrearsMonths: number,
): ProtectionAnswer {
  if (p.status === 'candidate' || p.status === 'submitted')
    return { ...protectionOn([], day, arrearsMonths), code: 'not_registered', reason: `not registered with BPJS yet (${p.status})` };
  return protectionOn(months, day, arrearsMonths, p.status === 'ended' ? { on: p.status_since } : null);
}

import type { ProtectionAnswer } from './protection.js';

/**
 * Claims for a protected worker's incident (DOMAIN §3): which benefits an incident opens, the claim
 * workflow, whether the worker was entitled on the day and exactly why not, and the heirs' legal order.
 */
export const INCIDENT_KINDS = ['work_accident', 'commuting_accident', 'occupational_disease', 'death', 'work_death', 'permanent_disability'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const CLAIM_BENEFITS = ['jkm', 'jkk_stmb', 'jkk_death', 'jkk_disability', 'jkk_medical', 'scholarship'] as const;
export type ClaimBenefit = (typeof CLAIM_BENEFITS)[number];

export const CLAIM_STATUSES = ['reported', 'verified', 'submitted', 'paid', 'rejected', 'expired'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** dilaporkan → diverifikasi → diajukan ke BPJS → dibayar | ditolak | kedaluwarsa. */
const NEXT: Record<ClaimStatus, readonly ClaimStatus[]> = {
  reported: ['verified', 'rejected', 'expired'],
  verified: ['submitted', 'rejected', 'expired'],
  submitted: ['paid', 'rejected'],
  paid: [],
  rejected: [],
  expired: [],
};

export function canAdvance(from: ClaimStatus, to: ClaimStatus): boolean {
  return NEXT[from].includes(to);
}

/** The steps a claim can take from where it is (the web app offers them as buttons). */
export function nextSteps(from: ClaimStatus): readonly ClaimStatus[] {
  return NEXT[from];
}

/** A work accident (incl. commuting and occupational disease) opens JKK; a death not from work opens JKM. */
export function benefitsFor(kind: IncidentKind): ClaimBenefit[] {
  switch (kind) {
    case 'death':
      return ['jkm'];
    case 'work_death':
      return ['jkk_death'];
    case 'permanent_disability':
      return ['jkk_disability'];
    default:
      return ['jkk_medical', 'jkk_stmb'];
  }
}

/** A death or a total (100 %) permanent disability can give the children a scholarship; a partial disability does not. */
export const opensScholarship = (kind: IncidentKind, disabilityPct: number | null = null): boolean =>
  kind === 'death' || kind === 'work_death' || (kind === 'permanent_disability' && (disabilityPct === null || disabilityPct === 100));

export const isWorkRelated = (kind: IncidentKind): boolean => kind !== 'death';

export interface Entitlement {
  /** yes: protected that day; conditional: inside the arrears window (DOMAIN §1.3 open point: covered if the arrears are paid); no. */
  entitled: 'yes' | 'conditional' | 'no';
  code: ProtectionAnswer['code'];
  reason: { id: string; en: string };
  protectedUntil: string | null;
  reactivationDeadline: string | null;
  source: { id: number; name: string } | null;
}

/** Whether the worker was entitled on the incident day, from the protection answer billing gives for that day. */
export function entitlementOn(p: ProtectionAnswer): Entitlement {
  const base = { code: p.code, protectedUntil: p.protectedUntil, reactivationDeadline: p.reactivationDeadline, source: p.source };
  if (p.state === 'protected')
    return { ...base, entitled: 'yes', reason: { id: `Terlindungi: iuran ${p.month} sudah dibayar`, en: `Protected: the ${p.month} contribution is paid` } };
  if (p.state === 'grace')
    return {
      ...base,
      entitled: 'conditional',
      reason: {
        id: `Dalam masa tunggakan (s.d. ${p.reactivationDeadline}): dilindungi bila tunggakan dibayar`,
        en: `Inside the arrears window (until ${p.reactivationDeadline}): covered if the arrears are paid`,
      },
    };
  const why: Record<string, { id: string; en: string }> = {
    not_registered: { id: 'Belum terdaftar di BPJS pada hari itu', en: 'Not yet registered with BPJS that day' },
    never_paid: { id: 'Belum ada bulan yang dibayar', en: 'No month paid yet' },
    arrears_passed: {
      id: `Bulan terakhir dibayar s.d. ${p.protectedUntil}; batas tunggakan ${p.reactivationDeadline} sudah lewat`,
      en: `Last paid through ${p.protectedUntil}; the arrears limit ${p.reactivationDeadline} has passed`,
    },
    ended: { id: 'Kepesertaan sudah berakhir', en: 'Membership had ended' },
  };
  return { ...base, entitled: 'no', reason: why[p.code] ?? { id: p.reason, en: p.reason } };
}

export const HEIR_RELATIONS = ['spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'parent_in_law', 'will'] as const;
export type HeirRelation = (typeof HEIR_RELATIONS)[number];

/** The legal order of heirs (DOMAIN §3.5): 1 spouse and children; 2 other blood relatives and parents-in-law; 3 the will. */
export function heirRank(relation: HeirRelation): 1 | 2 | 3 {
  return relation === 'spouse' || relation === 'child' ? 1 : relation === 'will' ? 3 : 2;
}

/** The heirs who receive: those of the first rank present. */
export function receivingRank(relations: readonly HeirRelation[]): 1 | 2 | 3 | null {
  const ranks = relations.map(heirRank);
  return ranks.length === 0 ? null : (Math.min(...ranks) as 1 | 2 | 3);
}

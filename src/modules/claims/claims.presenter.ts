import type { Actor } from '../../actor.js';
import { personal } from '../../access/personal.js';
import type { BenefitLine } from '../../domain/benefits.js';
import { DOCUMENT_KINDS, requiredDocuments, type DocumentKind } from '../../domain/claim-documents.js';
import { receivingRank, type ClaimBenefit, type ClaimStatus, type Entitlement, type HeirRelation, type IncidentKind } from '../../domain/claims.js';
import type * as repo from './claims.repository.js';
import type { DocumentRow } from './documents.repository.js';
import type { ScholarshipYearRow } from './scholarships.repository.js';

/**
 * The shape of incidents and claims in every answer: identifiers of the participant and the heirs
 * through the one personal-data presenter (masked for roles without nik.full), the claim's amounts
 * with the rules they come from, the timeline, the documents checklist and the scholarship years.
 */
export interface ClaimView {
  id: number;
  incidentId: number;
  benefit: ClaimBenefit;
  status: ClaimStatus;
  statusSince: string;
  dueOn: string | null;
  overdue: boolean;
  computedAmount: number;
  lines: BenefitLine[];
  paidAmount: number | null;
  paidOn: string | null;
  paymentReference: string | null;
  /** Paid minus computed, when BPJS has paid: anything but 0 is flagged. */
  difference: number | null;
  rejection: string | null;
  version: number;
  kind: IncidentKind;
  occurredOn: string;
  submissionId: number | null;
  participant: { nik: string; fullName: string };
}

export interface ScholarshipYearView {
  id: number;
  heirId: number;
  child: string;
  schoolYear: number;
  level: 'tk_sd' | 'smp' | 'sma' | 'pt';
  yearInLevel: number;
  amount: number;
  legalBasis: string;
  status: 'scheduled' | 'verified' | 'paid' | 'stopped';
  verifiedOn: string | null;
  stopReason: string | null;
  paidAmount: number | null;
  paidOn: string | null;
  reminderDueOn: string | null;
}

export interface IncidentView {
  id: number;
  participantId: number;
  kind: IncidentKind;
  occurredOn: string;
  place: string;
  description: string;
  entitlement: Entitlement;
  reportedBy: string;
  reportedAt: string;
  /** The last day a claim can be made for this incident (dated reference data, the sources differ). */
  claimDeadline: string;
  /** For a permanent disability: the percentage from the table (100 = total). */
  disabilityPercent: number | null;
  participant: { nik: string; kpj: string | null; fullName: string };
  claims: ClaimView[];
  /** Every step of every claim, oldest first: when, from, to, by whom. */
  timeline: { claimId: number; benefit: ClaimBenefit; at: string; from: ClaimStatus | null; to: ClaimStatus; note: string; actor: string }[];
  heirs: {
    id: number;
    relation: HeirRelation;
    rank: number;
    receives: boolean;
    fullName: string;
    nik: string | null;
    birthDate: string | null;
    bankName: string;
    bankAccount: string;
  }[];
  /** The checklist of this incident's claims: each document received (on which day, uploaded or seen on paper) or missing. */
  documents: {
    kind: DocumentKind;
    label: { id: string; en: string };
    received: boolean;
    receivedOn: string | null;
    file: { name: string; sizeBytes: number; contentType: string } | null;
    /** The content was deleted at the end of its retention. */
    contentDeleted: boolean;
  }[];
  /** For a death not from work: whether the children may get the scholarship, and why. */
  scholarship: { eligible: boolean; reason: string; legalBasis: string } | null;
  scholarshipYears: ScholarshipYearView[];
  /** What the scholarship may total at most (children × the sum of each level's years × its yearly amount). */
  scholarshipCap: number | null;
}

export function presentClaim(actor: Actor, r: repo.ClaimRow, today: string): ClaimView {
  const p = personal(actor);
  const computation = r.computation as { lines: BenefitLine[] };
  return {
    id: r.id,
    incidentId: r.incident_id,
    benefit: r.benefit,
    status: r.status,
    statusSince: new Date(r.status_since).toISOString(),
    dueOn: r.due_on,
    overdue: r.due_on !== null && r.due_on < today && ['reported', 'verified', 'submitted'].includes(r.status),
    computedAmount: r.computed_amount,
    lines: computation.lines,
    paidAmount: r.paid_amount,
    paidOn: r.paid_on,
    paymentReference: r.payment_reference,
    difference: r.paid_amount === null ? null : r.paid_amount - r.computed_amount,
    rejection: r.rejection,
    version: r.version,
    kind: r.kind,
    occurredOn: r.occurred_on,
    submissionId: r.submission_id,
    participant: { nik: p.nik(r.nik), fullName: r.full_name },
  };
}

export function presentScholarshipYear(y: ScholarshipYearRow): ScholarshipYearView {
  return {
    id: y.id,
    heirId: y.heir_id,
    child: y.child,
    schoolYear: y.school_year,
    level: y.level,
    yearInLevel: y.year_in_level,
    amount: y.amount,
    legalBasis: y.legal_basis,
    status: y.status,
    verifiedOn: y.verified_on,
    stopReason: y.stop_reason,
    paidAmount: y.paid_amount,
    paidOn: y.paid_on,
    reminderDueOn: y.reminder_due_on,
  };
}

export function presentIncident(
  actor: Actor,
  today: string,
  x: {
    incident: repo.IncidentRow;
    claims: repo.ClaimRow[];
    events: repo.EventRow[];
    heirs: repo.HeirRow[];
    documents: DocumentRow[];
    years: ScholarshipYearRow[];
    scholarshipCap: number | null;
  },
): IncidentView {
  const p = personal(actor);
  const i = x.incident;
  const top = receivingRank(x.heirs.map((h) => h.relation));
  const jkm = x.claims.find((c) => c.benefit === 'jkm')?.computation as { scholarship?: IncidentView['scholarship'] } | undefined;
  const withScholarship = x.claims.some((c) => c.benefit === 'scholarship');
  const byKind = new Map(x.documents.map((d) => [d.kind, d]));
  const benefitOf = new Map(x.claims.map((c) => [c.id, c.benefit]));
  return {
    id: i.id,
    participantId: i.participant_id,
    kind: i.kind,
    occurredOn: i.occurred_on,
    place: i.place,
    description: i.description,
    entitlement: i.entitlement,
    reportedBy: i.reported_by,
    reportedAt: new Date(i.reported_at).toISOString(),
    claimDeadline: i.claim_deadline,
    disabilityPercent: i.disability_pct,
    participant: { nik: p.nik(i.nik), kpj: p.kpj(i.kpj), fullName: i.full_name },
    claims: x.claims.map((c) => presentClaim(actor, c, today)),
    timeline: x.events.map((e) => ({
      claimId: e.claim_id,
      benefit: benefitOf.get(e.claim_id)!,
      at: new Date(e.at).toISOString(),
      from: e.from_status,
      to: e.to_status,
      note: e.note,
      actor: e.actor,
    })),
    heirs: x.heirs.map((h) => ({
      id: h.id,
      relation: h.relation,
      rank: h.rank,
      receives: h.rank === top,
      fullName: h.full_name,
      nik: p.nik(h.nik),
      birthDate: p.birthDate(h.birth_date),
      bankName: h.bank_name,
      bankAccount: p.account(h.bank_account),
    })),
    documents: requiredDocuments(i.kind, withScholarship).map((kind) => {
      const d = byKind.get(kind);
      return {
        kind,
        label: DOCUMENT_KINDS[kind],
        received: d !== undefined,
        receivedOn: d?.received_on ?? null,
        file: d?.file_name ? { name: d.file_name, sizeBytes: d.size_bytes ?? 0, contentType: d.content_type ?? '' } : null,
        contentDeleted: d?.content_deleted_at != null,
      };
    }),
    scholarship: jkm?.scholarship ?? null,
    scholarshipYears: x.years.map(presentScholarshipYear),
    scholarshipCap: x.scholarshipCap,
  };
}

import type { ClaimBenefit, ClaimStatus, HeirRelation, IncidentKind } from '../../domain/claims.js';

/** The Indonesian names of claim terms in files and official documents (the web app has its own messages). */
export const BENEFIT_NAMES: Record<ClaimBenefit, string> = {
  jkm: 'JKM (santunan kematian)',
  jkk_stmb: 'JKK – STMB',
  jkk_death: 'JKK – meninggal karena kecelakaan kerja',
  jkk_disability: 'JKK – cacat total tetap',
  jkk_medical: 'JKK – perawatan',
  scholarship: 'Beasiswa anak',
};

export const INCIDENT_NAMES: Record<IncidentKind, string> = {
  work_accident: 'Kecelakaan kerja',
  commuting_accident: 'Kecelakaan perjalanan kerja',
  occupational_disease: 'Penyakit akibat kerja',
  death: 'Meninggal bukan karena kerja',
  work_death: 'Meninggal karena kecelakaan kerja',
  permanent_disability: 'Cacat total tetap',
};

export const STATUS_NAMES: Record<ClaimStatus, string> = {
  reported: 'Dilaporkan',
  verified: 'Diverifikasi',
  submitted: 'Diajukan ke BPJS',
  paid: 'Dibayar',
  rejected: 'Ditolak',
  expired: 'Kedaluwarsa',
};

export const RELATION_NAMES: Record<HeirRelation, string> = {
  spouse: 'Suami/istri',
  child: 'Anak',
  parent: 'Orang tua',
  grandchild: 'Cucu',
  grandparent: 'Kakek/nenek',
  sibling: 'Saudara kandung',
  parent_in_law: 'Mertua',
  will: 'Penerima wasiat',
};

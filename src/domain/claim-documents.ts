import type { IncidentKind } from './claims.js';

/**
 * The documents a claim needs, per incident kind (DOMAIN §3.5 for JKM: participant card, KTP of the
 * deceased and the heirs, death certificate, KK, heir statement, marriage book; §3.2 for JKK: the stage I
 * accident report and the doctor's statement of stage II; §3.3 for the scholarship's yearly claim).
 * Sources: Permenaker 5/2021 and the BPJS branch checklists cited in DOMAIN [S22][S28].
 */
export const DOCUMENT_KINDS = {
  kartu_peserta: { id: 'Kartu peserta BPJS Ketenagakerjaan', en: 'BPJS participant card' },
  ktp_peserta: { id: 'KTP peserta', en: 'Participant’s identity card (KTP)' },
  ktp_ahli_waris: { id: 'KTP ahli waris', en: 'Heirs’ identity cards (KTP)' },
  akta_kematian: { id: 'Akta/surat keterangan kematian', en: 'Death certificate' },
  kartu_keluarga: { id: 'Kartu Keluarga (KK)', en: 'Family card (KK)' },
  surat_ahli_waris: { id: 'Surat keterangan ahli waris dari pejabat berwenang', en: 'Heir statement from the competent official' },
  buku_nikah: { id: 'Buku nikah', en: 'Marriage book' },
  laporan_kecelakaan: { id: 'Laporan kecelakaan kerja tahap I', en: 'Work-accident report, stage I' },
  surat_dokter: { id: 'Surat keterangan dokter (tahap II)', en: 'Doctor’s statement (stage II)' },
  kuitansi_perawatan: { id: 'Kuitansi/rincian biaya perawatan', en: 'Receipts for medical care' },
  kronologi: { id: 'Kronologi kejadian diketahui saksi/desa', en: 'Account of the incident, witnessed or by the village' },
  akta_kelahiran_anak: { id: 'Akta kelahiran anak', en: 'Child’s birth certificate' },
  surat_aktif_sekolah: { id: 'Surat keterangan aktif sekolah/kuliah', en: 'Proof of school or college enrolment' },
  rapor_terakhir: { id: 'Rapor/KHS terakhir', en: 'Latest report card' },
  rekening_anak_wali: { id: 'Buku rekening anak/wali', en: 'Bank book of the child or guardian' },
  ktp_wali: { id: 'KTP wali', en: 'Guardian’s identity card' },
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

const DEATH: DocumentKind[] = ['kartu_peserta', 'ktp_peserta', 'ktp_ahli_waris', 'akta_kematian', 'kartu_keluarga', 'surat_ahli_waris', 'buku_nikah'];
const ACCIDENT: DocumentKind[] = ['kartu_peserta', 'ktp_peserta', 'laporan_kecelakaan', 'kronologi', 'surat_dokter', 'kuitansi_perawatan'];
const SCHOLARSHIP: DocumentKind[] = ['akta_kelahiran_anak', 'kartu_keluarga', 'surat_aktif_sekolah', 'rapor_terakhir', 'rekening_anak_wali', 'ktp_wali'];

/** The checklist of an incident: its kind's documents, and the scholarship's when the children claim one. */
export function requiredDocuments(kind: IncidentKind, withScholarship: boolean): DocumentKind[] {
  const base =
    kind === 'death'
      ? DEATH
      : kind === 'work_death'
        ? [...DEATH, 'laporan_kecelakaan' as const, 'kronologi' as const]
        : kind === 'permanent_disability'
          ? ['kartu_peserta' as const, 'ktp_peserta' as const, 'laporan_kecelakaan' as const, 'surat_dokter' as const, 'kartu_keluarga' as const]
          : ACCIDENT;
  return withScholarship ? [...new Set([...base, ...SCHOLARSHIP])] : base;
}

/** What an uploaded document may be, recognised by its first bytes (not its name). */
export function sniffDocument(head: Uint8Array): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image/png';
  return null;
}

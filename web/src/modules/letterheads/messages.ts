/** UI text of the office settings: letterhead, signatory, numbering (merged into messages.ts). */
export const settingsId = {
  navLetterhead: 'Kop surat',
  letterheadTitle: 'Kop surat, penanda tangan dan penomoran',
  letterheadLead:
    'Surat pengantar, ringkasan rencana, tagihan dan laporan cakupan dicetak dengan kop surat ini, nomor surat kantor Anda, tempat dan tanggal, serta nama, jabatan, pangkat dan NIP penanda tangan.',
  letterheadDefault: 'Belum diatur: dokumen memakai kop dari nama wilayah dan baris tanda tangan kosong untuk diisi tangan.',
  letterheadUpdated: 'Terakhir diubah oleh {by}, {at}',
  letterheadSaved: 'Kop surat tersimpan.',
  lhGovernment: 'Pemerintah daerah',
  lhOffice: 'Nama kantor',
  lhAddress: 'Alamat',
  lhContact: 'Telepon, surel, laman',
  lhPlace: 'Tempat penandatanganan',
  lhSignatoryName: 'Nama penanda tangan',
  lhSignatoryPosition: 'Jabatan',
  lhSignatoryRank: 'Pangkat/golongan',
  lhClassification: 'Kode klasifikasi arsip',
  lhUnitCode: 'Kode unit pengolah',
  lhNumberSample: 'Contoh nomor surat: {sample}. Nomor urut dihitung per tahun; dokumen yang dicetak ulang tetap bernomor sama.',
  lhLogo: 'Logo (PNG/JPEG, paling besar 256 KB)',
};

export type SettingsKey = keyof typeof settingsId;

export const settingsEn: Record<SettingsKey, string> = {
  navLetterhead: 'Letterhead',
  letterheadTitle: 'Letterhead, signatory and numbering',
  letterheadLead:
    'Cover letters, plan summaries, invoices and coverage reports are printed with this letterhead, your office’s document number, place and date, and the signatory’s name, position, rank and NIP.',
  letterheadDefault: 'Not set yet: documents use a letterhead made from the region’s name and a blank signature line to fill in by hand.',
  letterheadUpdated: 'Last changed by {by}, {at}',
  letterheadSaved: 'Letterhead saved.',
  lhGovernment: 'Local government',
  lhOffice: 'Office',
  lhAddress: 'Address',
  lhContact: 'Phone, e-mail, website',
  lhPlace: 'Place of signing',
  lhSignatoryName: 'Signatory’s name',
  lhSignatoryPosition: 'Position',
  lhSignatoryRank: 'Rank/grade',
  lhClassification: 'Archive classification code',
  lhUnitCode: 'Unit code',
  lhNumberSample: 'Sample document number: {sample}. The sequence restarts each year; a document printed again keeps its number.',
  lhLogo: 'Logo (PNG/JPEG, at most 256 KB)',
};

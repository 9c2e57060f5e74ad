/** UI text of the worker list and detail added for the office spreadsheet view (merged into messages.ts). */
export const workersId = {
  enrolmentStatus: 'Status kepesertaan',
  wst_none: 'Belum diusulkan',
  wst_candidate: 'Calon',
  wst_submitted: 'Diajukan ke BPJS',
  wst_active: 'Aktif',
  wst_lapsed: 'Nonaktif (menunggak)',
  wst_ended: 'Berakhir',
  district: 'Kecamatan',
  villageName: 'Desa/kelurahan',
  downloadExcel: 'Unduh Excel',
  downloadExcelNote: 'Daftar sesuai saringan; unduhan tercatat di log audit.',
  jumpToPage: 'Ke halaman',
  participation: 'Kepesertaan',
  whoPays: 'Siapa yang membayar',
  openParticipant: 'Buka riwayat kepesertaan',
  noEnrolment: 'Belum pernah diusulkan menjadi peserta.',
};

export type WorkersKey = keyof typeof workersId;

export const workersEn: Record<WorkersKey, string> = {
  enrolmentStatus: 'Enrolment status',
  wst_none: 'Not proposed',
  wst_candidate: 'Candidate',
  wst_submitted: 'Submitted to BPJS',
  wst_active: 'Active',
  wst_lapsed: 'Non-active (arrears)',
  wst_ended: 'Ended',
  district: 'District',
  villageName: 'Village',
  downloadExcel: 'Download Excel',
  downloadExcelNote: 'The filtered list; the download is recorded in the audit log.',
  jumpToPage: 'Go to page',
  participation: 'Participation',
  whoPays: 'Who pays',
  openParticipant: 'Open the participation history',
  noEnrolment: 'Never proposed as a participant.',
};

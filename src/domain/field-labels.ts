/**
 * What a field is called in each language, for messages that name the field ("Nomor KPJ: harus 11
 * angka" rather than "kpj: …"). The key is the field's last name in a path ("sectors[2].tier" →
 * "tier"); a field not listed is left out of the headline (its problem text names it).
 */
export interface FieldLabel {
  id: string;
  en: string;
}

const LABELS: Record<string, FieldLabel> = {
  nik: { id: 'NIK', en: 'NIK' },
  kpj: { id: 'Nomor KPJ', en: 'KPJ number' },
  fullName: { id: 'Nama lengkap', en: 'Full name' },
  name: { id: 'Nama', en: 'Name' },
  birthDate: { id: 'Tanggal lahir', en: 'Birth date' },
  sex: { id: 'Jenis kelamin', en: 'Sex' },
  address: { id: 'Alamat', en: 'Address' },
  phone: { id: 'Nomor HP', en: 'Phone' },
  villageCode: { id: 'Desa/kelurahan', en: 'Village' },
  regionCode: { id: 'Kode wilayah', en: 'Region code' },
  domicileCode: { id: 'Wilayah domisili', en: 'Domicile region' },
  sectorCode: { id: 'Sektor', en: 'Sector' },
  sectors: { id: 'Sektor', en: 'Sectors' },
  tier: { id: 'Prioritas sektor', en: 'Sector priority' },
  welfareDecile: { id: 'Desil kesejahteraan', en: 'Welfare decile' },
  monthlyIncome: { id: 'Penghasilan', en: 'Income' },
  file: { id: 'Berkas', en: 'File' },
  sheet: { id: 'Lembar kerja', en: 'Worksheet' },
  mapping: { id: 'Pemetaan kolom', en: 'Column mapping' },
  policy: { id: 'Aturan impor', en: 'Import policy' },
  month: { id: 'Bulan', en: 'Month' },
  monthFrom: { id: 'Bulan awal', en: 'First month' },
  monthTo: { id: 'Bulan akhir', en: 'Last month' },
  months: { id: 'Jumlah bulan', en: 'Months' },
  fiscalYear: { id: 'Tahun anggaran', en: 'Fiscal year' },
  year: { id: 'Tahun', en: 'Year' },
  amount: { id: 'Jumlah', en: 'Amount' },
  add: { id: 'Tambahan pagu', en: 'Budget addition' },
  value: { id: 'Nilai', en: 'Value' },
  sourceId: { id: 'Sumber dana', en: 'Funding source' },
  source: { id: 'Sumber', en: 'Source' },
  programId: { id: 'Program', en: 'Program' },
  stage: { id: 'Tahap anggaran', en: 'Budget stage' },
  reference: { id: 'Nomor referensi', en: 'Reference' },
  decidedOn: { id: 'Tanggal penetapan', en: 'Decision date' },
  paidOn: { id: 'Tanggal bayar', en: 'Payment date' },
  asOf: { id: 'Tanggal', en: 'Date' },
  date: { id: 'Tanggal', en: 'Date' },
  on: { id: 'Tanggal', en: 'Date' },
  days: { id: 'Jangka hari', en: 'Days ahead' },
  status: { id: 'Status', en: 'Status' },
  reason: { id: 'Alasan', en: 'Reason' },
  username: { id: 'Nama pengguna', en: 'Username' },
  password: { id: 'Kata sandi', en: 'Password' },
  role: { id: 'Peran', en: 'Role' },
  kind: { id: 'Jenis', en: 'Kind' },
  maxAge: { id: 'Usia maksimal', en: 'Maximum age' },
  minAge: { id: 'Usia minimal', en: 'Minimum age' },
  billingCycle: { id: 'Siklus tagihan', en: 'Billing cycle' },
  layout: { id: 'Tata letak berkas', en: 'File layout' },
  header: { id: 'Judul kolom', en: 'Column header' },
  targetWorkers: { id: 'Target pekerja', en: 'Target workers' },
};

export function fieldLabel(path: string): FieldLabel | null {
  const last = /([A-Za-z_]+)(?:\[\d+\])?$/.exec(path.split('.').pop() ?? '')?.[1] ?? '';
  return LABELS[last] ?? null;
}

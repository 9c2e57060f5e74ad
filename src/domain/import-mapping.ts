/**
 * Which file column feeds which worker field. Headers are matched after upper-casing and reducing
 * every run of non-alphanumerics to one space, so "Tgl. Lahir", "TGL_LAHIR" and "tgl lahir" agree.
 */
export const IMPORT_FIELDS = [
  'nik',
  'fullName',
  'birthDate',
  'sex',
  'address',
  'villageCode',
  'sectorCode',
  'occupation',
  'welfareDecile',
  'monthlyIncome',
  'phone',
  'isWageEarner',
  'deathDate',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Field → the column index in the file. */
export type Mapping = Partial<Record<ImportField, number>>;

/** The other way round: which field a column holds, if any. */
export function fieldOfColumn(mapping: Mapping): (column: number) => ImportField | undefined {
  const byColumn = new Map(Object.entries(mapping).map(([field, col]) => [col, field as ImportField]));
  return (column) => byColumn.get(column);
}

const SYNONYMS: Record<ImportField, string[]> = {
  nik: ['NIK', 'NO NIK', 'NOMOR NIK', 'NIK KTP', 'NO KTP', 'NOMOR KTP', 'NOMOR INDUK KEPENDUDUKAN', 'ID NUMBER', 'NATIONAL ID'],
  fullName: ['NAMA', 'NAMA LENGKAP', 'NAMA PESERTA', 'NAMA PEKERJA', 'NAMA SESUAI KTP', 'NAME', 'FULL NAME'],
  birthDate: ['TGL LAHIR', 'TANGGAL LAHIR', 'TGLLAHIR', 'TGL LHR', 'BIRTH DATE', 'DATE OF BIRTH', 'DOB'],
  sex: ['JENIS KELAMIN', 'JK', 'L P', 'KELAMIN', 'SEX', 'GENDER'],
  address: ['ALAMAT', 'ALAMAT DOMISILI', 'ALAMAT LENGKAP', 'ADDRESS'],
  villageCode: ['KODE DESA', 'KODE WILAYAH', 'KDDESA', 'KD DESA', 'KODE KELURAHAN', 'KODE DESA KELURAHAN', 'KODE KEL', 'VILLAGE CODE', 'REGION CODE'],
  sectorCode: ['PEKERJAAN', 'SEKTOR', 'SEKTOR PEKERJAAN', 'JENIS PEKERJAAN', 'SECTOR', 'OCCUPATION SECTOR'],
  occupation: ['URAIAN PEKERJAAN', 'KETERANGAN PEKERJAAN', 'RINCIAN PEKERJAAN', 'OCCUPATION'],
  welfareDecile: ['DESIL', 'DESIL KESEJAHTERAAN', 'DESIL DTSEN', 'DECILE'],
  monthlyIncome: ['PENGHASILAN', 'PENGHASILAN PER BULAN', 'PENGHASILAN BULANAN', 'PENDAPATAN', 'UPAH', 'INCOME', 'MONTHLY INCOME'],
  phone: ['NO HP', 'NOMOR HP', 'HP', 'NO TELP', 'NO TELEPON', 'TELEPON', 'NOMOR TELEPON', 'PHONE', 'MOBILE'],
  isWageEarner: ['PESERTA PU', 'SUDAH PU', 'PENERIMA UPAH', 'WAGE EARNER'],
  // DTSEN quarterly updates only (policy dtsen_update): the date of death, or MENINGGAL / HIDUP.
  deathDate: ['TGL MENINGGAL', 'TANGGAL MENINGGAL', 'STATUS MENINGGAL', 'MENINGGAL', 'KETERANGAN MENINGGAL', 'STATUS HIDUP', 'DATE OF DEATH', 'DECEASED'],
};

export const normalizeHeader = (h: string) =>
  h
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

const LOOKUP = new Map<string, ImportField>(IMPORT_FIELDS.flatMap((f) => SYNONYMS[f].map((s) => [s, f] as const)));

/** The mapping the headers suggest; the first column that matches a field wins. */
export function autoMapping(headers: readonly string[]): Mapping {
  const mapping: Mapping = {};
  headers.forEach((h, i) => {
    const field = LOOKUP.get(normalizeHeader(h));
    if (field && mapping[field] === undefined) mapping[field] = i;
  });
  return mapping;
}

/** Fields a new worker cannot do without; an existing one can be updated from NIK + any other field. */
export const REQUIRED_FOR_NEW: readonly ImportField[] = ['nik', 'fullName', 'birthDate', 'sex', 'villageCode', 'sectorCode'];

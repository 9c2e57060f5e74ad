import { pick, seededRandom, weighted } from './random.js';

/**
 * A deterministic synthetic population of informal workers over a regency's real villages.
 * Every person is invented; rows are marked is_synthetic and the UI says so.
 *
 * The sector mix follows Jember's 2025 'Lingkaran Cinta' cohort (DOMAIN §8: 40,300 tobacco farm
 * labourers, 19,474 religious social workers, 10,000 food farmers, 9,484 village vulnerable workers,
 * 2,000 fishers, ~835 itinerant traders), with a few of the other sectors added.
 */
export const SECTOR_MIX = [
  ['tobacco_farm_labourer', 40300],
  ['religious_social_worker', 19474],
  ['food_farmer', 10000],
  ['village_vulnerable_worker', 9484],
  ['fisher', 2000],
  ['itinerant_trader', 835],
  ['cigarette_factory_worker', 2500],
  ['domestic_worker', 1500],
  ['driver_ojek', 1500],
  ['village_apparatus', 800],
  ['other', 600],
] as const;

/** Poorer deciles are more common among vulnerable workers; a tenth are not in DTSEN at all. */
const DECILE_MIX = [
  [1, 20],
  [2, 18],
  [3, 15],
  [4, 13],
  [5, 10],
  [6, 7],
  [7, 5],
  [8, 3],
  [9, 2],
  [10, 1],
  [0, 10],
] as const;

const MALE = [
  'Ahmad',
  'Muhammad',
  'Slamet',
  'Suparman',
  'Bambang',
  'Hasan',
  'Abdul',
  'Rudi',
  'Agus',
  'Joko',
  'Sutrisno',
  'Imam',
  'Fauzi',
  'Hadi',
  'Samsul',
  'Syaiful',
  'Wahyudi',
  'Mat',
  'Sunarto',
  'Heri',
  'Rofiq',
  'Hamdan',
  'Yusuf',
  'Buhari',
];
const FEMALE = [
  'Siti',
  'Sri',
  'Nur',
  'Ani',
  'Dewi',
  'Lestari',
  'Suminah',
  'Fatimah',
  'Khotijah',
  'Rohmah',
  'Sulastri',
  'Endang',
  'Yuli',
  'Aminah',
  'Supiyati',
  'Maisaroh',
  'Halimah',
  'Musyarofah',
  'Umi',
  'Juwariyah',
  'Satiyah',
  'Hosniyah',
];
const SECOND = [
  'Hidayat',
  'Santoso',
  'Wijaya',
  'Rahman',
  'Hasanah',
  'Susanti',
  'Rahayu',
  'Prasetyo',
  'Kurniawan',
  'Sholeh',
  'Anwar',
  'Mahfud',
  'Arifin',
  'Effendi',
  'Setiawan',
  'Yulianti',
  'Ningsih',
  'Maulana',
  'Hakim',
  'Zainal',
  'Wati',
  'Faqih',
  'Jamilah',
  'Nawawi',
];
const HAMLETS = ['Krajan', 'Kidul', 'Lor', 'Wetan', 'Kulon', 'Tengah', 'Sumberan', 'Gumuk', 'Karanganyar', 'Tegalsari'];

export interface PersonRow {
  nik: string;
  needsVerification: boolean;
  fullName: string;
  birthDate: string;
  sex: 'L' | 'P';
  address: string;
  villageCode: string;
  sectorCode: string;
  occupation: string;
  welfareDecile: number | null;
  monthlyIncome: number;
  phone: string | null;
  isWageEarner: boolean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export interface PopulationOptions {
  count: number;
  seed: number;
  villages: readonly string[];
  /** District codes (PP.KK.CC) elsewhere, for people whose NIK was issued outside the regency. */
  otherDistricts: readonly string[];
  /** A district code no longer in the list: those NIKs must be flagged for verification. */
  retiredDistrict: string | null;
  referenceYear: number;
}

export function* syntheticPopulation(opts: PopulationOptions): Generator<PersonRow> {
  const rand = seededRandom(opts.seed);
  const used = new Set<string>();
  for (let i = 0; i < opts.count; i++) {
    const villageCode = pick(rand, opts.villages);
    const home = villageCode.slice(0, 8);
    const origin = rand();
    const retired = opts.retiredDistrict !== null && origin < 0.002;
    const issuing = retired ? opts.retiredDistrict! : origin < 0.06 && opts.otherDistricts.length > 0 ? pick(rand, opts.otherDistricts) : home;
    const sex: 'L' | 'P' = rand() < 0.5 ? 'L' : 'P';
    const age = 18 + Math.floor(rand() * 47);
    const year = opts.referenceYear - age;
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * new Date(Date.UTC(year, month, 0)).getUTCDate());
    const prefix = issuing.replaceAll('.', '') + pad(sex === 'P' ? day + 40 : day) + pad(month) + pad(year % 100);
    let serial = 1 + Math.floor(rand() * 40);
    while (used.has(prefix + pad(serial, 4))) serial++;
    const nik = prefix + pad(serial, 4);
    used.add(nik);
    const sectorCode = weighted(rand, SECTOR_MIX);
    const decile = weighted(rand, DECILE_MIX);
    const first = pick(rand, sex === 'L' ? MALE : FEMALE);
    yield {
      nik,
      needsVerification: retired,
      fullName: `${first} ${pick(rand, SECOND)}`,
      birthDate: `${year}-${pad(month)}-${pad(day)}`,
      sex,
      address: `Dusun ${pick(rand, HAMLETS)} RT ${pad(1 + Math.floor(rand() * 12), 3)}/RW ${pad(1 + Math.floor(rand() * 6), 3)}`,
      villageCode,
      sectorCode,
      occupation: '',
      welfareDecile: decile === 0 ? null : decile,
      monthlyIncome: (10 + Math.floor(rand() * 40)) * 50_000,
      phone: rand() < 0.6 ? `+628${pad(Math.floor(rand() * 1e10), 10)}` : null,
      isWageEarner: rand() < 0.03,
    };
  }
}

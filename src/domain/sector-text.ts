/**
 * Occupation text as villages write it → Jaring's sector code. A sector code or name is taken as is;
 * otherwise keywords decide; text that matches nothing goes to 'other' and is kept as the occupation,
 * so nothing the operator wrote is lost.
 */
const KEYWORDS: [RegExp, string][] = [
  [/TEMBAKAU|MBAKO/, 'tobacco_farm_labourer'],
  [/PABRIK ROKOK|LINTING|\bSKT\b|ROKOK/, 'cigarette_factory_worker'],
  [/GURU NGAJI|USTADZ|USTAD|MARBOT|MODIN|TAKMIR|KEAGAMAAN|GURU TPQ|GURU MADIN/, 'religious_social_worker'],
  [/SAWIT/, 'palm_oil_worker'],
  [/NELAYAN|FISHER/, 'fisher'],
  [/MLIJO|PEDAGANG KELILING|ASONGAN|PEDAGANG|ITINERANT/, 'itinerant_trader'],
  [/OJEK|OJOL|SOPIR|SUPIR|PENGEMUDI|BECAK|DRIVER/, 'driver_ojek'],
  [/PEMBANTU RUMAH TANGGA|\bPRT\b|\bART\b|ASISTEN RUMAH TANGGA|DOMESTIC/, 'domestic_worker'],
  [/PERANGKAT DESA|KEPALA DUSUN|KASUN|\bRT\b|\bRW\b|APARAT DESA/, 'village_apparatus'],
  [/PETANI|BURUH TANI|PEKEBUN|HORTIKULTURA|FARMER/, 'food_farmer'],
  [/RENTAN|SERABUTAN|PEMULUNG|BURUH HARIAN/, 'village_vulnerable_worker'],
];

export function sectorFromText(text: string, known: ReadonlyMap<string, string>): { sectorCode: string; occupation: string | null } {
  const t = text.trim();
  const direct = known.get(t.toLowerCase());
  if (direct) return { sectorCode: direct, occupation: null };
  const upper = t.toUpperCase().replace(/[^A-Z0-9]+/g, ' ');
  for (const [re, code] of KEYWORDS) if (re.test(upper)) return { sectorCode: code, occupation: t };
  return { sectorCode: 'other', occupation: t };
}

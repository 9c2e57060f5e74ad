/**
 * A participant event's reason and detail as people read them, in Indonesian and English. Events are
 * stored with a short English key ("plan #3 approved", "arrears over 3 months", "died") so set-based
 * SQL can write them; this turns the known shapes into both languages, and leaves free text (an end
 * detail typed by an operator, BPJS's rejection reason) as it was written.
 */
export interface EventText {
  id: string;
  en: string;
}

const SIMPLE: Record<string, EventText> = {
  extended: { id: 'perlindungan diperpanjang', en: 'protection extended' },
  renewed: { id: 'perlindungan diperbarui', en: 'protection renewed' },
  replaced: { id: 'digantikan', en: 'replaced' },
  died: { id: 'meninggal dunia', en: 'died' },
  moved: { id: 'pindah domisili', en: 'moved away' },
  wage_earner: { id: 'menjadi pekerja penerima upah', en: 'became a wage earner' },
  left_program: { id: 'keluar dari program', en: 'left the program' },
};

const PATTERNS: [RegExp, (m: RegExpExecArray) => EventText][] = [
  [/^plan #(\d+) approved$/, (m) => ({ id: `rencana #${m[1]} disetujui`, en: `plan #${m[1]} approved` })],
  [/^batch #(\d+)$/, (m) => ({ id: `diajukan ke BPJS dalam batch #${m[1]}`, en: `submitted to BPJS in batch #${m[1]}` })],
  [/^accepted by BPJS \(batch #(\d+)\)$/, (m) => ({ id: `diterima BPJS (batch #${m[1]})`, en: `accepted by BPJS (batch #${m[1]})` })],
  [/^rejected by BPJS \(batch #(\d+)\)$/, (m) => ({ id: `ditolak BPJS (batch #${m[1]})`, en: `rejected by BPJS (batch #${m[1]})` })],
  [/^arrears over (\d+) months$/, (m) => ({ id: `menunggak lebih dari ${m[1]} bulan`, en: `arrears over ${m[1]} months` })],
  [
    /^kpj from BPJS statement \(reconciliation #(\d+)\)$/,
    (m) => ({ id: `KPJ dari laporan BPJS (rekonsiliasi #${m[1]})`, en: `KPJ from BPJS statement (reconciliation #${m[1]})` }),
  ],
  [
    /^non-active per BPJS statement \(reconciliation #(\d+)\)$/,
    (m) => ({ id: `nonaktif menurut laporan BPJS (rekonsiliasi #${m[1]})`, en: `non-active per BPJS statement (reconciliation #${m[1]})` }),
  ],
  [/^by participant #(\d+)$/, (m) => ({ id: `oleh peserta #${m[1]}`, en: `by participant #${m[1]}` })],
];

export function eventText(stored: string): EventText {
  const simple = SIMPLE[stored];
  if (simple) return simple;
  for (const [re, f] of PATTERNS) {
    const m = re.exec(stored);
    if (m) return f(m);
  }
  return { id: stored, en: stored };
}

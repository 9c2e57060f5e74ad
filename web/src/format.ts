/**
 * The one place the web app turns numbers, money, percentages, dates and times into text, for id-ID
 * ("34,27 %", "Rp 16.800", "12 Agustus 2024", "Juli 2026 s.d. Desember 2027", "22.26 WIB") and en.
 * Dates from the API are calendar days ("YYYY-MM-DD") and months ("YYYY-MM"); they are formatted as
 * written, never shifted through the browser's time zone. Moments (ISO timestamps) are shown in WIB.
 */
export type Lang = 'id' | 'en';

export interface Formatter {
  number: (n: number) => string;
  /** Two decimals and a spaced percent sign: "34,27 %" (id), "34.27 %" (en). */
  percent: (n: number) => string;
  rupiah: (n: number) => string;
  /** "12 Agustus 2024"; null or '' → "–". */
  date: (day: string | null | undefined) => string;
  /** "12 Agu 2024", for tables. */
  shortDate: (day: string | null | undefined) => string;
  /** "Agustus 2024" from "2024-08" (or a day). */
  month: (month: string | null | undefined) => string;
  /** "Juli 2026 s.d. Desember 2027" (id), "July 2026 to December 2027" (en); one month alone when equal. */
  monthRange: (from: string, to: string) => string;
  /** "3 Desember 2026 22.26 WIB". */
  dateTime: (iso: string | null | undefined) => string;
  /** Month names of the language, January first. */
  monthNames: string[];
}

const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };
const cache = new Map<Lang, Formatter>();

function utcDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1)) : null;
}

export function formatter(lang: Lang): Formatter {
  const hit = cache.get(lang);
  if (hit) return hit;
  const locale = LOCALE[lang];
  const nf = new Intl.NumberFormat(locale);
  const pf = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const df = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const sdf = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const mf = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const tf = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Jakarta' });
  const dtf = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
  const names = Array.from({ length: 12 }, (_, i) =>
    new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, i, 1))),
  );
  const day = (f: Intl.DateTimeFormat) => (d: string | null | undefined) => {
    const x = d ? utcDay(d) : null;
    return x ? f.format(x) : '–';
  };
  const month = day(mf);
  const f: Formatter = {
    number: (n) => nf.format(n),
    percent: (n) => `${pf.format(n)} %`,
    rupiah: (n) => `Rp ${nf.format(n)}`,
    date: day(df),
    shortDate: day(sdf),
    month,
    monthRange: (a, b) => (a.slice(0, 7) === b.slice(0, 7) ? month(a) : `${month(a)} ${lang === 'id' ? 's.d.' : 'to'} ${month(b)}`),
    dateTime: (iso) => {
      if (!iso) return '–';
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? '–' : `${dtf.format(d)} ${tf.format(d)} WIB`;
    },
    monthNames: names,
  };
  cache.set(lang, f);
  return f;
}

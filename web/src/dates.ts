/** Today and this month in Asia/Jakarta, as the API takes them ("YYYY-MM-DD", "YYYY-MM"). */
export const todayJakarta = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });
export const thisMonthJakarta = (): string => todayJakarta().slice(0, 7);

/** A moment as offices write it, in WIB: "3 Desember 2026 22.26 WIB" (id) or "3 December 2026 22:26 WIB" (en). */
export function formatDateTime(iso: string | null, lang: 'id' | 'en'): string {
  if (!iso) return '–';
  const d = new Date(iso);
  const day = d.toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
  const time = d.toLocaleTimeString(lang === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Jakarta' });
  return `${day} ${time} WIB`;
}

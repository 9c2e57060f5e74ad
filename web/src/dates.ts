import { formatter, type Lang } from './format';

/** Today and this month in Asia/Jakarta, as the API takes them ("YYYY-MM-DD", "YYYY-MM"). */
export const todayJakarta = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });
export const thisMonthJakarta = (): string => todayJakarta().slice(0, 7);

/** A moment as offices write it, in WIB: "3 Desember 2026 22.26 WIB" (id) or "3 December 2026 22:26 WIB" (en). */
export const formatDateTime = (iso: string | null, lang: Lang): string => formatter(lang).dateTime(iso);

/** Today and this month in Asia/Jakarta, as the API takes them ("YYYY-MM-DD", "YYYY-MM"). */
export const todayJakarta = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });
export const thisMonthJakarta = (): string => todayJakarta().slice(0, 7);

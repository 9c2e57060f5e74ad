/**
 * When a recurring job runs next. Daily jobs run at a fixed minute of the day in WIB (Asia/Jakarta,
 * UTC+7 all year: Indonesia keeps no daylight saving), so "lapse detection at 01:00" means 01:00
 * in Jember whatever the server's clock zone; the others run a fixed interval after the last run.
 */
export const WIB_OFFSET_MINUTES = 7 * 60;

export function nextRun(s: { every_seconds: number; at_minute_wib: number | null }, now: Date): Date {
  if (s.at_minute_wib === null) return new Date(now.getTime() + s.every_seconds * 1000);
  const wib = new Date(now.getTime() + WIB_OFFSET_MINUTES * 60_000);
  const dayStartWib = Date.UTC(wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate());
  let at = dayStartWib + s.at_minute_wib * 60_000 - WIB_OFFSET_MINUTES * 60_000;
  while (at <= now.getTime()) at += 86_400_000;
  return new Date(at);
}

import { describe, expect, it } from 'vitest';
import { invoiceStatus } from '../../src/domain/invoice.js';
import { nextRun } from '../../src/domain/schedule.js';

describe('invoice status', () => {
  it('is open with nothing paid, partial with part, paid with the whole total or more (after lines are withdrawn)', () => {
    expect(invoiceStatus(336_000, 0)).toBe('open');
    expect(invoiceStatus(336_000, 16_800)).toBe('partial');
    expect(invoiceStatus(336_000, 336_000)).toBe('paid');
    expect(invoiceStatus(319_200, 336_000)).toBe('paid');
    expect(invoiceStatus(0, 0)).toBe('paid');
  });
});

describe('job schedule', () => {
  it('runs daily jobs at their minute of the day in WIB, whatever the server clock zone, and the others after their interval', () => {
    // 3 December 2026, 15:26 UTC = 22:26 WIB: 01:00 WIB next comes on 4 December = 18:00 UTC on 3 December.
    expect(nextRun({ every_seconds: 86400, at_minute_wib: 60 }, new Date('2026-12-03T15:26:00Z')).toISOString()).toBe('2026-12-03T18:00:00.000Z');
    // 17:59 UTC is 00:59 WIB: a minute to go.
    expect(nextRun({ every_seconds: 86400, at_minute_wib: 60 }, new Date('2026-12-03T17:59:00Z')).toISOString()).toBe('2026-12-03T18:00:00.000Z');
    // Exactly at the time: the next day.
    expect(nextRun({ every_seconds: 86400, at_minute_wib: 60 }, new Date('2026-12-03T18:00:00Z')).toISOString()).toBe('2026-12-04T18:00:00.000Z');
    expect(nextRun({ every_seconds: 300, at_minute_wib: null }, new Date('2026-12-03T15:26:00Z')).toISOString()).toBe('2026-12-03T15:31:00.000Z');
  });
});

import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import type { Home } from './home.service.js';

/** The home page's figures: counts and Rupiah only, no person. */
export const homeSchema = viewOf<Home>()(
  z.object({
    today: z.string(),
    regionName: z.string(),
    coverage: z
      .object({
        pct: z.number().nullable(),
        asOf: z.string().nullable(),
        target: z.object({ value: z.number(), year: z.number(), gapPeople: z.number() }).nullable(),
      })
      .nullable(),
    protectedNow: z.object({ count: z.number(), paidThisMonth: z.number(), month: z.string() }).nullable(),
    endingThisMonth: z.object({ count: z.number(), until: z.string() }).nullable(),
    unpaid: z.object({ count: z.number(), rupiah: z.number() }).nullable(),
    imports: z.object({ unfinished: z.number(), failed: z.number(), latestId: z.number().nullable() }).nullable(),
    plans: z.object({ submitted: z.number(), awaitingMe: z.number(), drafts: z.number() }).nullable(),
    batches: z.object({ awaitingAnswer: z.number() }).nullable(),
    invoices: z.object({ open: z.number(), outstanding: z.number() }).nullable(),
    claims: z.object({ overdue: z.number(), scholarshipDue: z.number() }).nullable(),
    donors: z.object({ expected: z.number(), openLines: z.number(), poolsToAssign: z.number() }).nullable(),
    verification: z.object({ openRounds: z.number(), pending: z.number(), nearestDue: z.string().nullable(), roundId: z.number().nullable() }).nullable(),
  }),
);

export type HomeView = z.infer<typeof homeSchema>;

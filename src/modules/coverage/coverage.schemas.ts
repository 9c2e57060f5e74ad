import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import { freshnessSchema } from '../../http/schemas.js';
import type { Freshness } from '../../db/reads.js';
import type { Ranked } from '../../domain/coverage.js';
import type { CoverageFigures, Dashboard, refreshSubsidised, saveInputs, setTarget } from './coverage.service.js';
import type { childBoundaries, importBoundaries } from './boundaries.service.js';
import type { PublicRegion, PublicStatus, publicCoverage } from './public.service.js';

/** Response schemas of the coverage routes: the whitelist of what reaches a client (and the public page). */
type Out<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

const figures = viewOf<CoverageFigures>()(
  z.object({
    code: z.string(),
    name: z.string(),
    level: z.string(),
    asOf: z.string().nullable(),
    potential: z.number().nullable(),
    active: z.number().nullable(),
    segments: z.object({ pu: z.number().nullable(), bpu: z.number().nullable(), jakon: z.number().nullable(), pmi: z.number().nullable() }),
    pct: z.number().nullable(),
    reportedPct: z.number().nullable(),
    flagged: z.boolean(),
    potentialSource: z.string().nullable(),
    participantsSource: z.string().nullable(),
    previous: z.object({ asOf: z.string(), pct: z.number() }).nullable(),
    changePoints: z.number().nullable(),
    subsidised: z.number(),
    subsidisedPaid: z.number(),
    subsidisedShare: z.number().nullable(),
    target: z.object({ year: z.number(), value: z.number(), source: z.string(), gapPeople: z.number(), gapRupiahPerYear: z.number() }).nullable(),
  }),
);

const ranked = viewOf<Ranked>()(
  z.object({
    code: z.string(),
    name: z.string(),
    active: z.number(),
    potential: z.number(),
    previousPct: z.number().nullable().optional(),
    subsidised: z.number().optional(),
    rank: z.number(),
    pct: z.number(),
    value: z.number().nullable(),
    basis: z.string(),
  }),
);

/** Dashboards and public pages may be read from a replica: they say how fresh they are. */
type Fresh<T> = T & { freshness: Freshness };

export const dashboardSchema = viewOf<Fresh<Dashboard>>()(
  z.object({
    region: figures,
    children: z.array(figures.extend({ rankCoverage: z.number().nullable(), rankGrowth: z.number().nullable(), rankSubsidised: z.number().nullable() })),
    rankings: z.object({ coverage: z.array(ranked), growth: z.array(ranked), subsidised: z.array(ranked) }),
    series: z.array(z.object({ asOf: z.string(), pct: z.number(), active: z.number(), potential: z.number() })),
    bySource: z.array(z.object({ fundingType: z.string(), participants: z.number(), paid: z.number(), rupiah: z.number() })),
    bySector: z.array(z.object({ sectorCode: z.string(), participants: z.number(), paid: z.number(), rupiah: z.number() })),
    subsidisedRule: z.object({ month: z.string(), arrearsMonths: z.number(), legalBasis: z.string() }),
    tariff: z.object({ monthly: z.number(), legalBasis: z.array(z.string()) }),
    asOf: z.string(),
    year: z.number(),
    refreshedAt: z.string().nullable(),
    breadcrumb: z.array(z.object({ code: z.string(), name: z.string() })),
    freshness: freshnessSchema,
  }),
);

export const savedInputsSchema = viewOf<Out<typeof saveInputs>>()(z.object({ saved: z.number(), flagged: z.number() }));
export const targetSchema = viewOf<Out<typeof setTarget>>()(z.object({ regionCode: z.string(), year: z.number(), value: z.number(), source: z.string() }));
export const refreshSchema = viewOf<Out<typeof refreshSubsidised>>()(z.object({ rows: z.number(), millis: z.number() }));

export const boundariesSchema = viewOf<Out<typeof childBoundaries>>()(
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        properties: z.record(z.string(), z.unknown()).nullable(),
        geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
      }),
    ),
  }),
);
export const boundariesImportSchema = viewOf<Out<typeof importBoundaries>>()(
  z.object({ features: z.number(), matched: z.number(), unmatched: z.array(z.string()) }),
);

const publicRegion = viewOf<PublicRegion>()(
  z.object({
    code: z.string(),
    name: z.string(),
    asOf: z.string().nullable(),
    pct: z.number().nullable(),
    active: z.number().nullable(),
    potential: z.number().nullable(),
    subsidised: z.union([z.number(), z.string()]),
    target: z.number().nullable(),
    targetYear: z.number().nullable(),
    targetSource: z.string().nullable(),
    potentialSource: z.string().nullable(),
    participantsSource: z.string().nullable(),
    rank: z.number().nullable(),
  }),
);
export const publicCoverageSchema = viewOf<Fresh<Out<typeof publicCoverage>>>()(
  z.object({ region: publicRegion, children: z.array(publicRegion), asOf: z.string(), withData: z.number(), freshness: freshnessSchema }),
);

export const publicStatusSchema = viewOf<PublicStatus>()(
  z.union([
    z.object({ found: z.literal(false), message: z.object({ id: z.string(), en: z.string() }) }),
    z.object({
      found: z.literal(true),
      state: z.enum(['protected', 'grace', 'none']),
      protectedUntil: z.string().nullable(),
      reactivationDeadline: z.string().nullable(),
      paidBy: z.string().nullable(),
      checkedOn: z.string(),
    }),
  ]),
);

/** The shapes the web app reads (it imports server code only from schemas files). */
export type DashboardView = z.infer<typeof dashboardSchema>;
export type PublicCoverageView = z.infer<typeof publicCoverageSchema>;
export type PublicRegionView = PublicCoverageView['region'];
export type PublicStatusView = z.infer<typeof publicStatusSchema>;

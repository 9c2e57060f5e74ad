import { z } from 'zod';

/** Kemendagri regions as the regions routes answer them. */
export const level = z.enum(['province', 'regency', 'district', 'village']);
export const region = z.object({ code: z.string(), level, name: z.string(), parentCode: z.string().nullable() });
export const withCount = region.extend({ childCount: z.number() });
export const regionDetailSchema = region.extend({ ancestors: z.array(region), children: z.array(withCount) });

export type RegionView = z.infer<typeof region>;
export type RegionDetail = z.infer<typeof regionDetailSchema>;

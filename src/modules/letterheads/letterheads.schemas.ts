import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import type { Letterhead } from './letterheads.service.js';

export const letterheadSchema = viewOf<Letterhead>()(
  z.object({
    regionCode: z.string(),
    configured: z.boolean(),
    government: z.string(),
    office: z.string(),
    address: z.string(),
    contact: z.string(),
    place: z.string(),
    signatory: z.object({ name: z.string(), position: z.string(), rank: z.string(), nip: z.string() }),
    classification: z.string(),
    unitCode: z.string(),
    hasLogo: z.boolean(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  }),
);

export const letterheadInputSchema = z.object({
  regionCode: z.string().max(20).nullable().optional(),
  government: z.string().max(400),
  office: z.string().max(400),
  address: z.string().max(600).optional(),
  contact: z.string().max(600).optional(),
  place: z.string().max(200),
  signatory: z.object({
    name: z.string().max(400).optional(),
    position: z.string().max(400).optional(),
    rank: z.string().max(400).optional(),
    nip: z.string().max(40).optional(),
  }),
  classification: z.string().max(100).optional(),
  unitCode: z.string().max(100).optional(),
});

export type LetterheadView = z.infer<typeof letterheadSchema>;

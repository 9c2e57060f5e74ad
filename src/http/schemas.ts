import { z } from 'zod';
import { isCalendarDate } from '../domain/calendar.js';

/** Shapes shared by every route: the error body and bilingual messages. */
export const problemSchema = z.object({ field: z.string(), code: z.string(), id: z.string(), en: z.string() });

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.object({ id: z.string(), en: z.string() }),
    problems: z.array(problemSchema),
    requestId: z.string().optional(),
  }),
});

export const errorResponses = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema } as const;

export const regionCodeParam = z.object({ code: z.string().max(20) });
export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** A download: the body is the file itself (CSV, XLSX or PDF), streamed; errors come as JSON. */
export const fileResponses = { 200: z.string().describe('Berkas / file (CSV, XLSX, PDF)'), ...errorResponses } as const;

/** The one date field of the API: a calendar day written YYYY-MM-DD, refused with a bilingual reason otherwise. */
export const isoDate = () =>
  z
    .string()
    .max(10)
    .refine(isCalendarDate, {
      params: { id: 'harus tanggal yang ada di kalender, ditulis TTTT-BB-HH', en: 'must be a calendar date written YYYY-MM-DD' },
    });

/** A month written YYYY-MM. */
export const isoMonth = () =>
  z
    .string()
    .max(7)
    .refine((s) => /^(19|20)\d{2}-(0[1-9]|1[0-2])$/.test(s), { params: { id: 'harus bulan ditulis TTTT-BB', en: 'must be a month written YYYY-MM' } });

/** A whole number that fits the database's int (versions, years, counts in requests). */
export const int32 = () => z.number().int().min(-2147483648).max(2147483647);
/** An id of a stored row (bigint in the database, a safe integer here). */
export const rowId = () => z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Where a read that may lag was served from (a replica within its lag bound, or the primary). */
export const freshnessSchema = z.object({ source: z.enum(['primary', 'replica']), lagSeconds: z.number() });

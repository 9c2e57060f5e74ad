import { z } from 'zod';

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
export const idParam = z.object({ id: z.coerce.number().int().positive() });

/** A download: the body is the file itself (CSV, XLSX or PDF), streamed; errors come as JSON. */
export const fileResponses = { 200: z.string().describe('Berkas / file (CSV, XLSX, PDF)'), ...errorResponses } as const;

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses } from '../../http/schemas.js';
import { XLSX, download } from '../../http/download.js';
import { writeQualityWorkbook } from './quality.exports.js';
import { dataQuality } from './quality.service.js';

const figures = {
  workers: z.number().int(),
  verifiedPct: z.number(),
  verifiedRecentPct: z.number(),
  flaggedNik: z.number().int(),
  noPhone: z.number().int(),
  noDecile: z.number().int(),
  duplicates: z.number().int(),
};

/** Data quality per village (issue 16.5): counts only, no person. */
export const qualityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/data-quality',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['workers'],
        summary: 'Mutu data per wilayah anak: terverifikasi, NIK bermasalah, HP/desil kosong, kemungkinan ganda / data quality per child region',
        querystring: z.object({ region: z.string().max(20).optional() }),
        response: {
          200: z.object({
            region: z.string(),
            asOf: z.string(),
            recentMonths: z.number().int(),
            rows: z.array(
              z.object({ ...figures, code: z.string(), name: z.string(), lastVerified: z.string().nullable(), daysSinceVerified: z.number().int().nullable() }),
            ),
            total: z.object(figures),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => dataQuality(app.db, requireActor(req), req.query),
  );

  app.get(
    '/data-quality.xlsx',
    {
      config: { access: 'workers.read', download: true },
      schema: {
        tags: ['workers'],
        summary: 'Mutu data per wilayah sebagai Excel (tercatat di audit) / data quality as Excel (audit-logged)',
        querystring: z.object({ region: z.string().max(20).optional() }),
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const q = await dataQuality(app.db, actor, req.query); // a bad region is a 400 before any byte
      return download(req, reply, XLSX, `mutu-data-${q.region}.xlsx`, (out) => writeQualityWorkbook(app.db, actor, q, out));
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, idParam } from '../../http/schemas.js';
import { dismissPair, findDuplicates, listPairs, mergePair } from './duplicates.service.js';

const side = z.object({
  workerId: z.number().int(),
  nik: z.string(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string(),
  villageCode: z.string(),
  participant: z.boolean(),
});
const pair = z.object({
  id: z.number().int(),
  score: z.number().int(),
  agreements: z.array(z.object({ field: z.string(), how: z.string(), points: z.number().int() })),
  status: z.enum(['open', 'dismissed', 'merged']),
  decidedBy: z.string().nullable(),
  a: side,
  b: side,
});

/** Likely duplicates (issue 16.4): search, review, dismiss, merge. */
export const duplicateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/duplicates/search',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['workers'],
        summary: 'Cari pasangan yang mungkin orang yang sama dengan dua NIK / find likely duplicates in your region',
        body: z.object({}).optional(),
        response: {
          200: z.object({ compared: z.number().int(), flagged: z.number().int(), newPairs: z.number().int(), millis: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (req) => findDuplicates(app.db, requireActor(req)),
  );

  app.get(
    '/duplicates',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['workers'],
        summary: 'Pasangan kemungkinan ganda beserta alasannya / likely duplicate pairs with why',
        querystring: z.object({
          status: z.enum(['open', 'dismissed', 'merged']).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(25),
        }),
        response: { 200: z.object({ items: z.array(pair), total: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => listPairs(app.db, requireActor(req), req.query),
  );

  app.post(
    '/duplicates/:id/dismiss',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['workers'],
        summary: 'Dua orang berbeda / two different people',
        params: idParam,
        body: z.object({}).optional(),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await dismissPair(app.db, requireActor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/duplicates/:id/merge',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['workers'],
        summary: 'Satu orang: gabungkan ke data yang dipertahankan / one person: merge into the record kept',
        params: idParam,
        body: z.object({ keepWorkerId: z.number().int().positive() }),
        response: { 200: z.object({ kept: z.number().int(), removed: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => mergePair(app.db, requireActor(req), req.params.id, req.body.keepWorkerId),
  );
};

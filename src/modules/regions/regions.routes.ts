import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, regionCodeParam } from '../../http/schemas.js';
import { getRegion, listProvinces, searchRegions } from './regions.service.js';

import { level, region, withCount } from './regions.schemas.js';

export const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/regions',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['regions'], summary: 'Daftar provinsi / provinces', response: { 200: z.object({ items: z.array(withCount) }), ...errorResponses } },
    },
    async (req) => {
      requireActor(req);
      return { items: await listProvinces(app.db) };
    },
  );

  app.get(
    '/regions/search',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['regions'],
        summary: 'Cari wilayah menurut nama / search regions by name',
        querystring: z.object({
          q: z.string().min(2).max(100),
          within: z.string().max(20).optional(),
          level: level.optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(region.extend({ path: z.string() })) }), ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req);
      return { items: await searchRegions(app.db, { text: req.query.q, within: req.query.within, level: req.query.level, limit: req.query.limit }) };
    },
  );

  app.get(
    '/regions/:code',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['regions'],
        summary: 'Wilayah dengan induk dan anak / a region with its parents and children',
        params: regionCodeParam,
        response: { 200: region.extend({ ancestors: z.array(region), children: z.array(withCount) }), ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req);
      return getRegion(app.db, req.params.code);
    },
  );
};

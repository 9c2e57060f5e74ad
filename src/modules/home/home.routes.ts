import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/auth-plugin.js';
import { z } from 'zod';
import { errorResponses, isoDate } from '../../http/schemas.js';
import { home } from './home.service.js';
import { homeSchema } from './home.schemas.js';

export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/home',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['home'],
        summary: 'Beranda: yang perlu dikerjakan hari ini / home: what to do today',
        querystring: z.object({ asOf: isoDate().optional() }),
        response: { 200: homeSchema, ...errorResponses },
      },
    },
    async (req) => home(app.db, requireActor(req), req.query),
  );
};

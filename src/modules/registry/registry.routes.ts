import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, idParam } from '../../http/schemas.js';
import { applyUpdate, discardUpdate, getUpdate, listChanges, listImpacts, requestApply } from './registry.service.js';
import { changeSchema, impactSchema, registryUpdateSchema } from './registry.schemas.js';
import { CHANGE_KINDS } from '../../domain/registry-changes.js';

const paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

/**
 * Quarterly DTSEN updates (issue 16.3). The file is uploaded and started as an import with policy
 * dtsen_update (POST /imports, POST /imports/:id/start); these routes read its preview and apply or
 * discard it.
 */
export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/registry-updates/:id',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['imports'],
        summary: 'Pratinjau dampak pembaruan DTSEN / a DTSEN update and its impact preview',
        params: idParam,
        response: { 200: registryUpdateSchema, ...errorResponses },
      },
    },
    async (req) => getUpdate(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/registry-updates/:id/changes',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['imports'],
        summary: 'Perubahan per pekerja / the changes, worker by worker',
        params: idParam,
        querystring: z.object({ kind: z.enum(CHANGE_KINDS).optional(), ...paging }),
        response: { 200: z.object({ total: z.number().int(), items: z.array(changeSchema) }), ...errorResponses },
      },
    },
    async (req) => listChanges(app.db, requireActor(req), req.params.id, req.query),
  );

  app.get(
    '/registry-updates/:id/impacts',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['imports'],
        summary: 'Peserta didanai yang kehilangan atau mendapat kelayakan / funded participants who lose or gain eligibility',
        params: idParam,
        querystring: z.object({ effect: z.enum(['loses', 'gains']).optional(), ...paging }),
        response: { 200: z.object({ total: z.number().int(), items: z.array(impactSchema) }), ...errorResponses },
      },
    },
    async (req) => listImpacts(app.db, requireActor(req), req.params.id, req.query),
  );

  app.post(
    '/registry-updates/:id/apply',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['imports'],
        summary: 'Terapkan pratinjau (satu transaksi) / apply the preview as one transaction',
        description: 'Queues the registry.apply job and answers at once (202); ?wait=true applies within the request and answers with the result.',
        params: idParam,
        querystring: z.object({ wait: z.enum(['true', 'false']).optional() }),
        body: z.object({}).optional(),
        response: { 200: registryUpdateSchema, 202: registryUpdateSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (req.query.wait === 'true') return applyUpdate(app.db, actor, req.params.id);
      const view = await requestApply(app.db, actor, req.params.id);
      app.jobs.nudge();
      return reply.status(202).send(view);
    },
  );

  app.post(
    '/registry-updates/:id/discard',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['imports'],
        summary: 'Buang pratinjau; registri tidak berubah / discard the preview; the registry is unchanged',
        params: idParam,
        body: z.object({}).optional(),
        response: { 200: registryUpdateSchema, ...errorResponses },
      },
    },
    async (req) => discardUpdate(app.db, requireActor(req), req.params.id),
  );
};

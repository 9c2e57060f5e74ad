import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, idParam } from '../../http/schemas.js';
import { advanceClaim, getIncident, listClaims, reportIncident } from './claims.service.js';
import { addHeir, scholarshipClaim } from './heirs.service.js';
import { recordMedicalCost } from './medical.service.js';
import { claimSchema, claimStepSchema, heirInputSchema, incidentInputSchema, incidentSchema } from './claims.schemas.js';

export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/incidents',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Laporkan kejadian: hak pada hari itu dan klaim yang dibukanya / report an incident: entitlement that day and the claims it opens',
        body: incidentInputSchema,
        response: { 201: incidentSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await reportIncident(app.db, requireActor(req), req.body)),
  );

  app.get(
    '/incidents/:id',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['claims'],
        summary: 'Kejadian, klaim, ahli waris / an incident, its claims and heirs',
        params: idParam,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => getIncident(app.db, requireActor(req), req.params.id),
  );

  app.post(
    '/incidents/:id/heirs',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Catat ahli waris menurut urutan hukum / record an heir in the legal order',
        params: idParam,
        body: heirInputSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => addHeir(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/incidents/:id/scholarship',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Jadwal beasiswa anak sebagai klaim / the children’s scholarship schedule as a claim',
        params: idParam,
        body: z.object({}).optional(),
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => scholarshipClaim(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/claims',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['claims'],
        summary: 'Klaim di wilayah Anda, atau yang terlambat / claims in your region, or the overdue ones',
        querystring: z.object({
          status: z.string().max(20).optional(),
          overdue: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          page: z.coerce.number().int().min(1).max(100_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ items: z.array(claimSchema) }), ...errorResponses },
      },
    },
    async (req) => listClaims(app.db, requireActor(req), req.query),
  );

  app.post(
    '/claims/:id/costs',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Catat biaya perawatan JKK (tanpa batas biaya) / record a JKK medical cost (no ceiling)',
        params: idParam,
        body: z.object({ amount: z.number(), on: z.string().max(20), description: z.string().max(400), version: z.number().int().positive() }),
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => recordMedicalCost(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/claims/:id/advance',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Langkah klaim: diverifikasi, diajukan, dibayar, ditolak, kedaluwarsa / move a claim one step',
        params: idParam,
        body: claimStepSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => advanceClaim(app.db, requireActor(req), req.params.id, req.body),
  );
};

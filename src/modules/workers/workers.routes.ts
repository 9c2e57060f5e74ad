import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, idParam } from '../../http/schemas.js';
import { XLSX, download } from '../../http/download.js';
import { todayJakarta } from '../../domain/calendar.js';
import {
  auditEntrySchema,
  workerDetailSchema,
  workerInputSchema,
  workerListItemSchema,
  workerListQuery,
  workerSchema,
  workerUpdateSchema,
} from './workers.schemas.js';
import { createWorker, getWorker, listWorkers, prepareWorkerExport, updateWorker, workerHistory } from './workers.service.js';
import { writeWorkersWorkbook } from './workers.exports.js';

export const workerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/workers',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['workers'],
        summary: 'Daftar pekerja di wilayah Anda / workers in your region',
        querystring: workerListQuery,
        response: {
          200: z.object({
            items: z.array(workerListItemSchema),
            total: z.number(),
            totalExact: z.boolean(),
            page: z.number(),
            pageSize: z.number(),
            nextCursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listWorkers(app.db, requireActor(req), req.query),
  );

  app.get(
    '/workers/export.xlsx',
    {
      config: { access: 'workers.read', download: true },
      schema: {
        tags: ['workers'],
        summary: 'Daftar pekerja yang disaring sebagai Excel (tercatat di audit) / the filtered list as Excel (audit-logged)',
        querystring: workerListQuery.omit({ page: true, pageSize: true, cursor: true }),
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const exp = prepareWorkerExport(app.db, requireActor(req), req.query); // a bad filter is a 400 before any byte
      return download(req, reply, XLSX, `pekerja-${todayJakarta()}.xlsx`, (out) => writeWorkersWorkbook(app.db, out, exp.run));
    },
  );

  app.post(
    '/workers',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['workers'],
        summary: 'Daftarkan pekerja / register a worker',
        body: workerInputSchema,
        response: { 201: workerSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const worker = await createWorker(app.db, requireActor(req), req.body);
      return reply.status(201).send(worker);
    },
  );

  app.get(
    '/workers/:id',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['workers'],
        summary: 'Satu pekerja, kepesertaannya dan siapa yang membayar / one worker, their enrolment and who pays',
        params: idParam,
        response: { 200: workerDetailSchema, ...errorResponses },
      },
    },
    async (req) => getWorker(app.db, requireActor(req), req.params.id),
  );

  app.put(
    '/workers/:id',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['workers'],
        summary: 'Ubah data pekerja (dengan versi yang dilihat) / update a worker (with the version seen)',
        params: idParam,
        body: workerUpdateSchema,
        response: { 200: workerSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { version, ...input } = req.body;
      return updateWorker(app.db, requireActor(req), req.params.id, version, input);
    },
  );

  app.get(
    '/workers/:id/history',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['workers'],
        summary: 'Riwayat perubahan / audit history',
        params: idParam,
        response: { 200: z.object({ items: z.array(auditEntrySchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await workerHistory(app.db, requireActor(req), req.params.id) }),
  );
};

import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { fileResponses, errorResponses, idParam } from '../../http/schemas.js';
import { receiveUpload } from '../../http/upload.js';
import { CSV, XLSX, download } from '../../http/download.js';
import { cancelImport, chooseSheet, createImport, getImport, importErrors, listImports, startImport } from './imports.service.js';
import { writeErrorReport } from './report.js';
import { importSchema, rowProblemSchema, startSchema } from './imports.schemas.js';

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');

  app.post(
    '/imports',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['imports'],
        summary: 'Unggah daftar pekerja (CSV/XLSX, multipart "file") / upload a worker list',
        description:
          'Creates an import in state created, with sheets, headers, sample rows and a suggested mapping. With ?start=true it starts at once with that mapping.',
        querystring: z.object({
          start: z.enum(['true', 'false']).optional(),
          policy: z.enum(['insert_only', 'upsert', 'reject_conflicts', 'dtsen_update']).optional(),
          effectiveMonth: z.string().max(7).optional(),
        }),
        response: { 201: importSchema, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { path, name } = await receiveUpload(req, uploads, { maxBytes: MAX_UPLOAD_BYTES });
      let view;
      try {
        view = await createImport(app.db, actor, { name, path, bytes: statSync(path).size, owned: true });
      } catch (err) {
        rmSync(path, { force: true });
        throw err;
      }
      if (req.query.start === 'true') {
        view = await startImport(app.db, actor, view.id, { policy: req.query.policy, effectiveMonth: req.query.effectiveMonth });
        // startImport queued the import.run job; this instance looks at the queue now (any instance may take it).
        app.jobs.nudge();
      }
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/imports',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['imports'],
        summary: 'Impor terakhir / recent imports',
        response: { 200: z.object({ items: z.array(importSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listImports(app.db, requireActor(req)) }),
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['imports'],
        summary: 'Status, kemajuan dan hasil / status, progress and result',
        params: idParam,
        response: { 200: importSchema, ...errorResponses },
      },
    },
    async (req) => getImport(app.db, requireActor(req), req.params.id),
  );

  app.patch(
    '/imports/:id',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['imports'],
        summary: 'Pilih lembar XLSX / choose the XLSX sheet',
        params: idParam,
        body: z.object({ sheet: z.string().max(200) }),
        response: { 200: importSchema, ...errorResponses },
      },
    },
    async (req) => chooseSheet(app.db, requireActor(req), req.params.id, req.body.sheet),
  );

  app.post(
    '/imports/:id/start',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['imports'],
        summary: 'Mulai dengan pemetaan kolom dan kebijakan / start with a mapping and a policy',
        params: idParam,
        body: startSchema,
        response: { 202: importSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const view = await startImport(app.db, requireActor(req), req.params.id, req.body);
      // startImport queued the import.run job; this instance looks at the queue now (any instance may take it).
      app.jobs.nudge();
      return reply.status(202).send(view);
    },
  );

  app.post(
    '/imports/:id/cancel',
    {
      config: { access: 'workers.write' },
      schema: { tags: ['imports'], summary: 'Batalkan / cancel', params: idParam, response: { 200: importSchema, ...errorResponses } },
    },
    async (req) => cancelImport(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/imports/:id/errors',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['imports'],
        summary: 'Baris bermasalah pertama / first rejected rows',
        params: idParam,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
        response: { 200: z.object({ items: z.array(rowProblemSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await importErrors(app.db, requireActor(req), req.params.id, req.query.limit ?? 100) }),
  );

  app.get(
    '/imports/:id/report.:format',
    {
      config: { access: 'workers.read', download: true },
      schema: {
        response: fileResponses,
        tags: ['imports'],
        summary: 'Laporan baris bermasalah (CSV/XLSX) / rejected rows report',
        params: idParam.extend({ format: z.enum(['csv', 'xlsx']) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { id, format } = req.params;
      await getImport(app.db, actor, id);
      return download(req, reply, format === 'csv' ? CSV : XLSX, `impor-${id}-baris-bermasalah.${format}`, (out) =>
        writeErrorReport(app.db, actor, id, format, out),
      );
    },
  );
};

import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, idParam } from '../../http/schemas.js';
import { withUploadedTable } from '../../http/upload.js';
import { CSV, XLSX, download } from '../../http/download.js';
import { exportBpjsCheck, importBpjsAnswer } from './bpjs-check.service.js';
import { MAX_PHOTO_BYTES, photoOf, uploadPhoto } from './photos.service.js';
import { receiveUpload } from '../../http/upload.js';
import { rmSync } from 'node:fs';
import { createRound, getRound, listItems, listRounds, recordVerdict, signOff } from './verification.service.js';
import { remindVillages } from './reminders.service.js';
import { itemSchema, reminderSchema, roundSchema } from './verification.schemas.js';

/** Field verification rounds (issue 16.1): open, follow per village, verify in the field, sign off. */
export const verificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');
  app.get(
    '/verification/rounds',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['verification'],
        summary: 'Putaran verifikasi lapangan / verification rounds',
        response: { 200: z.object({ items: z.array(roundSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listRounds(app.db, requireActor(req)) }),
  );

  app.post(
    '/verification/rounds',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['verification'],
        summary: 'Buka putaran verifikasi atas pekerja yang didanai rencana atau saringan wilayah / open a round',
        body: z.object({
          name: z.string().max(200),
          planId: z.number().int().positive().optional(),
          regions: z.array(z.string().max(20)).max(500).optional(),
          sector: z.string().max(60).nullable().optional(),
          decileMax: z.number().int().nullable().optional(),
          dueOn: z.string().max(10).nullable().optional(),
        }),
        response: { 201: roundSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createRound(app.db, requireActor(req), req.body)),
  );

  app.get(
    '/verification/rounds/:id',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['verification'],
        summary: 'Kemajuan per desa / progress per village',
        params: idParam,
        response: { 200: roundSchema, ...errorResponses },
      },
    },
    async (req) => getRound(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/verification/rounds/:id/items',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['verification'],
        summary: 'Pekerja putaran di desa Anda, yang belum diverifikasi lebih dulu / the round’s workers in your villages',
        params: idParam,
        querystring: z.object({
          village: z.string().max(20).optional(),
          verdict: z.enum(['pending', 'confirmed', 'corrected', 'rejected']).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(25),
        }),
        response: { 200: z.object({ items: z.array(itemSchema), total: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => listItems(app.db, requireActor(req), req.params.id, req.query),
  );

  app.post(
    '/verification/rounds/:id/verdicts',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['verification'],
        summary: 'Hasil verifikasi desa atas seorang pekerja: sesuai, diperbaiki, ditolak / a village’s verdict on a worker',
        params: idParam,
        body: z.object({
          workerId: z.number().int().positive(),
          verdict: z.string().max(20),
          reason: z.string().max(30).nullable().optional(),
          sectorCode: z.string().max(60).nullable().optional(),
          phone: z.string().max(30).nullable().optional(),
          note: z.string().max(500).nullable().optional(),
        }),
        response: { 200: itemSchema, ...errorResponses },
      },
    },
    async (req) => recordVerdict(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/verification/rounds/:id/remind',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['verification'],
        summary:
          'Ingatkan desa yang belum mulai: e-mail ke operator desanya, tercatat per desa / remind the villages that have not started: e-mail to their operators, recorded per village',
        params: idParam,
        response: { 200: reminderSchema, ...errorResponses },
      },
    },
    async (req) => remindVillages(app.db, requireActor(req), req.params.id, app.config.publicUrl),
  );

  app.post(
    '/verification/rounds/:id/sign-off',
    {
      config: { access: 'verification.approve' },
      schema: {
        tags: ['verification'],
        summary: 'Pengesahan putaran oleh pemeriksa (bukan pembukanya) / the checker signs the round off',
        params: idParam,
        body: z.object({ note: z.string().max(500).optional() }),
        response: { 200: roundSchema, ...errorResponses },
      },
    },
    async (req) => signOff(app.db, requireActor(req), req.params.id, req.body.note ?? ''),
  );

  for (const [ext, type] of [
    ['xlsx', XLSX],
    ['csv', CSV],
  ] as const)
    app.get(
      `/verification/rounds/:id/bpjs-check.${ext}`,
      {
        config: { access: 'workers.write', download: true },
        schema: {
          tags: ['verification'],
          summary: `Berkas cek BPJS untuk kantor cabang (${ext.toUpperCase()}, tercatat di audit) / the BPJS check file for the branch`,
          params: idParam,
          response: fileResponses,
        },
      },
      async (req, reply) => {
        const file = await exportBpjsCheck(app.db, requireActor(req), req.params.id, ext); // refused before any byte
        return download(req, reply, type, `cek-bpjs-putaran-${req.params.id}.${ext}`, file.write);
      },
    );

  app.post(
    '/verification/rounds/:id/bpjs-answer',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['verification'],
        summary: 'Impor jawaban kantor cabang BPJS (CSV/XLSX), utuh atau tidak sama sekali / import the branch’s answer, all or nothing',
        params: idParam,
        response: {
          200: z.object({
            rows: z.number().int(),
            wageEarners: z.number().int(),
            protectedElsewhere: z.number().int(),
            ours: z.number().int(),
            notParticipants: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return withUploadedTable(req, uploads, (f) => importBpjsAnswer(app.db, actor, req.params.id, f));
    },
  );

  const photoQuery = z.object({ workerId: z.coerce.number().int().positive().optional(), kind: z.enum(['KK', 'KTP']).optional() });

  app.post(
    '/verification/rounds/:id/photo',
    {
      config: { access: 'workers.write' },
      schema: {
        tags: ['verification'],
        summary: 'Foto KK/KTP pekerja saat verifikasi (multipart "file", JPEG/PNG/PDF ≤ 5 MB) / the KK or KTP photo of a worker',
        params: idParam,
        querystring: photoQuery,
        response: {
          200: z.object({ workerId: z.number().int(), kind: z.enum(['KK', 'KTP']), bytes: z.number().int() }),
          ...errorResponses,
          413: errorResponses[400],
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const f = await receiveUpload(req, uploads, { extensions: ['.jpg', '.jpeg', '.png', '.pdf'], maxBytes: MAX_PHOTO_BYTES });
      try {
        return await uploadPhoto(app.db, actor, req.params.id, req.query, f);
      } finally {
        rmSync(f.path, { force: true });
      }
    },
  );

  app.get(
    '/verification/rounds/:id/photo',
    {
      config: { access: 'workers.read', download: true },
      schema: {
        tags: ['verification'],
        summary: 'Foto KK/KTP (hanya peran yang melihat NIK utuh; tercatat di audit) / the photo, for full-identifier roles, audit-logged',
        params: idParam,
        querystring: photoQuery,
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const p = await photoOf(app.db, requireActor(req), req.params.id, req.query);
      const ext = p.contentType === 'application/pdf' ? 'pdf' : p.contentType === 'image/png' ? 'png' : 'jpg';
      return download(req, reply, p.contentType, `${p.kind.toLowerCase()}-${req.query.workerId}.${ext}`, async (out) => void out.end(p.content));
    },
  );
};

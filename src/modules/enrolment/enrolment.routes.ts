import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { fileResponses, errorResponses, idParam, isoDate, isoMonth } from '../../http/schemas.js';
import { withUploadedTable } from '../../http/upload.js';
import { CSV, PDF, XLSX, download } from '../../http/download.js';
import { applyAnswerFile, createBatch, enrollablePlans, getBatch, listBatches, listParticipants } from './enrolment.service.js';
import { getLayout, setLayout } from './layout.service.js';
import { endParticipant, extendParticipant, refreshLapses, renewCohort, replaceParticipant } from './participants.service.js';
import { writeCoverLetter, writeRegistrationFile } from './files.js';
import {
  batchSchema,
  endedSchema,
  enrollablePlanSchema,
  extendedSchema,
  lapsedSchema,
  layoutSchema,
  layoutWithFieldsSchema,
  participantListSchema,
  renewedSchema,
  replacedSchema,
} from './enrolment.schemas.js';

const dateStr = isoDate().optional();

export const enrolmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');

  app.get(
    '/enrolment/plans',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['enrolment'],
        summary: 'Rencana disetujui yang bisa didaftarkan / approved plans to enrol from',
        response: { 200: z.object({ items: z.array(enrollablePlanSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await enrollablePlans(app.db, requireActor(req)) }),
  );

  app.post(
    '/enrolment/batches',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Buat batch pendaftaran dari rencana yang disetujui / create an enrolment batch from an approved plan',
        body: z.object({ planId: z.number().int(), on: dateStr }),
        response: { 201: batchSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createBatch(app.db, requireActor(req), req.body.planId, { on: req.body.on })),
  );

  app.get(
    '/enrolment/batches',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['enrolment'],
        summary: 'Batch pendaftaran / enrolment batches',
        response: { 200: z.object({ items: z.array(batchSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listBatches(app.db, requireActor(req)) }),
  );

  app.get(
    '/enrolment/batches/:id',
    { config: { access: 'funding.read' }, schema: { tags: ['enrolment'], params: idParam, response: { 200: batchSchema, ...errorResponses } } },
    async (req) => getBatch(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/enrolment/batches/:id/registration.:ext',
    {
      config: { access: 'enrolment.write', download: true },
      schema: {
        response: fileResponses,
        tags: ['enrolment'],
        summary: 'Berkas pendaftaran untuk BPJS (CSV/XLSX) / registration file for the branch',
        params: z.object({ id: z.coerce.number().int().positive(), ext: z.enum(['csv', 'xlsx']) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await getBatch(app.db, actor, req.params.id);
      const { id, ext } = req.params;
      return download(req, reply, ext === 'csv' ? CSV : XLSX, `pendaftaran-batch-${id}.${ext}`, (out) => writeRegistrationFile(app.db, actor, id, ext, out));
    },
  );

  app.get(
    '/enrolment/batches/:id/letter.pdf',
    {
      config: { access: 'enrolment.write', download: true },
      schema: { response: fileResponses, tags: ['enrolment'], summary: 'Surat pengantar (PDF) / cover letter', params: idParam },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await getBatch(app.db, actor, req.params.id);
      return download(req, reply, PDF, `surat-pengantar-batch-${req.params.id}.pdf`, (out) => writeCoverLetter(app.db, actor, req.params.id, out));
    },
  );

  app.post(
    '/enrolment/batches/:id/answer',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Unggah jawaban BPJS (NIK, KPJ, STATUS, ALASAN) / upload BPJS answer',
        params: idParam,
        querystring: z.object({ on: dateStr }),
        response: { 200: batchSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await getBatch(app.db, actor, req.params.id);
      return withUploadedTable(req, uploads, (f) => applyAnswerFile(app.db, actor, req.params.id, f, { on: req.query.on }));
    },
  );

  app.get(
    '/programs/:id/enrolment-layout',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['enrolment'],
        summary: 'Tata letak kolom berkas pendaftaran / registration file layout',
        params: idParam,
        response: { 200: layoutWithFieldsSchema, ...errorResponses },
      },
    },
    async (req) => getLayout(app.db, requireActor(req), req.params.id),
  );

  app.put(
    '/programs/:id/enrolment-layout',
    {
      config: { access: 'funding.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Ubah tata letak kolom (cabang berbeda-beda) / set the column layout',
        params: idParam,
        body: z.object({ layout: z.array(z.object({ header: z.string(), field: z.string() })).max(40) }),
        response: { 200: layoutSchema, ...errorResponses },
      },
    },
    async (req) => ({ layout: await setLayout(app.db, requireActor(req), req.params.id, req.body.layout) }),
  );

  app.get(
    '/participants',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['enrolment'],
        summary: 'Peserta di wilayah Anda / participants in your region',
        querystring: z.object({
          status: z.enum(['candidate', 'submitted', 'active', 'lapsed', 'ended']).optional(),
          batchId: z.coerce.number().int().optional(),
          programId: z.coerce.number().int().optional(),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          offset: z.coerce.number().int().min(0).optional(),
        }),
        response: { 200: participantListSchema, ...errorResponses },
      },
    },
    async (req) => listParticipants(app.db, requireActor(req), { ...req.query, search: req.query.q }),
  );

  app.post(
    '/participants/:id/end',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Akhiri kepesertaan (meninggal, pindah, menjadi penerima upah, keluar program) / end a membership',
        params: idParam,
        body: z.object({ reason: z.string().max(40), on: dateStr, detail: z.string().max(500).optional(), version: z.number().int().optional() }),
        response: { 200: endedSchema, ...errorResponses },
      },
    },
    async (req) => endParticipant(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/participants/:id/extend',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Perpanjang masa perlindungan / extend protection by more months',
        params: idParam,
        body: z.object({ months: z.number().int(), sourceId: z.number().int().optional() }),
        response: { 200: extendedSchema, ...errorResponses },
      },
    },
    async (req) => extendParticipant(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/participants/:id/replace',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Ganti peserta yang keluar dengan calon berikutnya / replace a leaver by the next eligible candidate',
        params: idParam,
        body: z.object({ reason: z.string().max(40).optional(), on: dateStr }),
        response: { 200: replacedSchema, ...errorResponses },
      },
    },
    async (req) => replaceParticipant(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/programs/:id/renew',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Perpanjang satu kohort ke tahun anggaran berikutnya / renew a cohort into the next fiscal year',
        params: idParam,
        body: z.object({
          fromYear: z.number().int(),
          toYear: z.number().int().optional(),
          monthFrom: isoMonth().optional(),
          monthTo: isoMonth().optional(),
          sourceId: z.number().int().optional(),
        }),
        response: { 200: renewedSchema, ...errorResponses },
      },
    },
    async (req) => renewCohort(app.db, requireActor(req), { programId: req.params.id, ...req.body }),
  );

  app.post(
    '/programs/:id/refresh-lapses',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['enrolment'],
        summary: 'Tandai peserta dengan tunggakan lebih dari batas sebagai lapsed / lapse participants past the arrears limit',
        params: idParam,
        body: z.object({ asOf: dateStr }),
        response: { 200: lapsedSchema, ...errorResponses },
      },
    },
    async (req) => refreshLapses(app.db, requireActor(req), { programId: req.params.id, asOf: req.body.asOf }),
  );
};

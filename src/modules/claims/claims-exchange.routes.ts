import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, idParam, isoDate } from '../../http/schemas.js';
import { receiveUpload, withUploadedTable } from '../../http/upload.js';
import { CSV, PDF, XLSX, download } from '../../http/download.js';
import { documentFile, MAX_DOCUMENT_BYTES, receiveDocument, removeDocument } from './documents.service.js';
import {
  createSubmission,
  getClaimLayout,
  getSubmission,
  listSubmissions,
  setClaimLayout,
  writeSubmissionFile,
  writeSubmissionLetter,
} from './exchange.service.js';
import { dueScholarshipYears, payYear, verifyYear } from './scholarships.service.js';
import { importDecisions } from './decisions.service.js';
import {
  claimLayoutSchema,
  decisionResultSchema,
  dueYearsSchema,
  incidentSchema,
  submissionSchema,
  yearCheckSchema,
  yearPaymentSchema,
} from './claims.schemas.js';

const docParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), kind: z.string().max(40) });
const regencyQuery = z.object({ regencyCode: z.string().max(20).optional() });

/** Documents of a claim, the yearly scholarship, and the exchange with the BPJS branch (issue 13). */
export const claimExchangeRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');

  app.post(
    '/incidents/:id/documents/:kind',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Dokumen diterima (dilihat aslinya) / a document received on paper',
        params: docParams,
        body: z.object({}).optional(),
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => receiveDocument(app.db, requireActor(req), req.params.id, req.params.kind, null),
  );

  app.post(
    '/incidents/:id/documents/:kind/file',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Unggah dokumen (PDF/JPEG/PNG ≤ 5 MB) / upload a document',
        params: docParams,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const f = await receiveUpload(req, uploads, { extensions: ['.pdf', '.jpg', '.jpeg', '.png'], maxBytes: MAX_DOCUMENT_BYTES });
      try {
        return await receiveDocument(app.db, actor, req.params.id, req.params.kind, f);
      } finally {
        rmSync(f.path, { force: true });
      }
    },
  );

  app.post(
    '/incidents/:id/documents/:kind/remove',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Hapus dokumen dari daftar / take a document off the checklist',
        params: docParams,
        body: z.object({}).optional(),
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => removeDocument(app.db, requireActor(req), req.params.id, req.params.kind),
  );

  app.get(
    '/incidents/:id/documents/:kind',
    {
      config: { access: 'claims.write', download: true },
      schema: {
        tags: ['claims'],
        summary: 'Berkas dokumen (dicatat di log audit) / the document file (audit-logged)',
        params: docParams,
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const f = await documentFile(app.db, requireActor(req), req.params.id, req.params.kind);
      return download(req, reply, f.contentType, f.name.replace(/"/g, ''), async (out) => void out.end(f.content));
    },
  );

  app.post(
    '/scholarship-years/:id/verify',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Verifikasi ulang satu tahun ajaran / re-verify a school year',
        params: idParam,
        body: yearCheckSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => verifyYear(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/scholarship-years/:id/pay',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Pembayaran beasiswa satu tahun ajaran / a school year paid',
        params: idParam,
        body: yearPaymentSchema,
        response: { 200: incidentSchema, ...errorResponses },
      },
    },
    async (req) => payYear(app.db, requireActor(req), req.params.id, req.body),
  );

  app.get(
    '/scholarship-years/due',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['claims'],
        summary: 'Tahun ajaran yang menunggu verifikasi ulang / school years due for re-verification',
        querystring: z.object({ asOf: isoDate().optional() }),
        response: { 200: dueYearsSchema, ...errorResponses },
      },
    },
    async (req) => dueScholarshipYears(app.db, requireActor(req), req.query.asOf),
  );

  app.get(
    '/claim-settings/layout',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['claims'],
        summary: 'Tata letak berkas pengajuan klaim / claim file layout',
        querystring: regencyQuery,
        response: { 200: claimLayoutSchema, ...errorResponses },
      },
    },
    async (req) => getClaimLayout(app.db, requireActor(req), req.query.regencyCode),
  );

  app.put(
    '/claim-settings/layout',
    {
      config: { access: 'settings.write' },
      schema: {
        tags: ['claims'],
        summary: 'Ubah tata letak berkas klaim (cabang berbeda-beda) / set the claim file layout',
        querystring: regencyQuery,
        body: z.object({
          layout: z
            .array(z.object({ header: z.string().max(200), field: z.string().max(40) }))
            .max(40)
            .nullable(),
        }),
        response: { 200: claimLayoutSchema, ...errorResponses },
      },
    },
    async (req) => setClaimLayout(app.db, requireActor(req), req.body.layout, req.query.regencyCode),
  );

  app.post(
    '/claim-submissions',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Ajukan klaim terverifikasi ke BPJS / submit the verified claims to the branch',
        body: z.object({
          claimIds: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(5000).optional(),
          regencyCode: z.string().max(20).optional(),
        }),
        response: { 201: submissionSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createSubmission(app.db, requireActor(req), req.body)),
  );

  app.get(
    '/claim-submissions',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['claims'],
        summary: 'Pengajuan klaim / claim submissions',
        response: { 200: z.object({ items: z.array(submissionSchema) }), ...errorResponses },
      },
    },
    async (req) => listSubmissions(app.db, requireActor(req)),
  );

  app.get(
    '/claim-submissions/:id/file.:format',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        tags: ['claims'],
        summary: 'Berkas pengajuan klaim (CSV/XLSX) / the submission file',
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), format: z.enum(['csv', 'xlsx']) }),
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { id, format } = req.params;
      await getSubmission(app.db, actor, id);
      return download(req, reply, format === 'csv' ? CSV : XLSX, `pengajuan-klaim-${id}.${format}`, (out) =>
        writeSubmissionFile(app.db, actor, id, format, out),
      );
    },
  );

  app.get(
    '/claim-submissions/:id/letter.pdf',
    {
      config: { access: 'funding.read', download: true },
      schema: { tags: ['claims'], summary: 'Surat pengantar pengajuan klaim (PDF) / cover letter', params: idParam, response: fileResponses },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = req.params.id;
      await getSubmission(app.db, actor, id);
      return download(req, reply, PDF, `surat-pengantar-klaim-${id}.pdf`, (out) => writeSubmissionLetter(app.db, actor, id, out));
    },
  );

  app.post(
    '/claim-decisions',
    {
      config: { access: 'claims.write' },
      schema: {
        tags: ['claims'],
        summary: 'Impor berkas keputusan BPJS (CSV/XLSX), utuh atau tidak sama sekali / import BPJS’s decision file, all or nothing',
        response: { 200: decisionResultSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return withUploadedTable(req, uploads, (f) => importDecisions(app.db, actor, f));
    },
  );
};

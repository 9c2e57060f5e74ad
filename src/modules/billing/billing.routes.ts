import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jobSchema } from '../jobs/jobs.schemas.js';
import { requireActor } from '../../http/auth-plugin.js';
import { fileResponses, errorResponses, idParam, isoDate, isoMonth } from '../../http/schemas.js';
import { withUploadedTable } from '../../http/upload.js';
import { CSV, PDF, XLSX, download } from '../../http/download.js';
import { writeInvoicePdf, writeInvoiceWorkbook } from './invoice.exports.js';
import {
  alertsSchema,
  billingCycleSchema,
  billingRunSchema,
  invoiceDetailSchema,
  invoiceSchema,
  protectionSchema,
  reconciliationSchema,
  timelineSchema,
} from './billing.schemas.js';
import { getInvoice, listInvoices, participantTimeline, protectionStatus, recordPayment, requestBillingRun, setBillingCycle } from './billing.service.js';
import { alerts, exportAlerts } from './alerts.service.js';
import { applyReconciliation, getReconciliation, listReconciliations, reconcileFile, writeReconciliationItems } from './reconcile.service.js';

const dateStr = isoDate().optional();

export const billingRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');

  app.put(
    '/sources/:id/billing-cycle',
    {
      config: { access: 'billing.write' },
      schema: {
        tags: ['billing'],
        summary: 'Siklus tagihan sumber dana (bulanan, triwulanan, tahunan) / billing cycle of a source',
        params: idParam,
        body: z.object({ billingCycle: z.string().max(20) }),
        response: { 200: billingCycleSchema, ...errorResponses },
      },
    },
    async (req) => setBillingCycle(app.db, requireActor(req), req.params.id, req.body.billingCycle),
  );

  app.post(
    '/billing/runs',
    {
      config: { access: 'billing.write' },
      schema: {
        tags: ['billing'],
        summary: 'Buat tagihan untuk blok yang memuat bulan ini (idempoten) / bill the block containing a month (idempotent)',
        body: z.object({ programId: z.number().int(), month: isoMonth() }),
        description:
          'Runs as a background job (billing.run). Answers 200 with the invoices when it ends within a minute, otherwise 202 with the job to follow.',
        response: { 200: billingRunSchema, 202: z.object({ job: jobSchema }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await requestBillingRun(app.db, app.jobs, requireActor(req), req.body);
      return 'done' in r ? reply.status(200).send(r.done) : reply.status(202).send({ job: r.pending });
    },
  );

  app.get(
    '/invoices',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['billing'],
        querystring: z.object({ programId: z.coerce.number().int().optional(), status: z.enum(['open', 'partial', 'paid']).optional() }),
        response: { 200: z.object({ items: z.array(invoiceSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listInvoices(app.db, requireActor(req), req.query) }),
  );

  app.get(
    '/invoices/:id',
    { config: { access: 'funding.read' }, schema: { tags: ['billing'], params: idParam, response: { 200: invoiceDetailSchema, ...errorResponses } } },
    async (req) => getInvoice(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/invoices/:id/invoice.pdf',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        tags: ['billing'],
        summary: 'Tagihan sebagai dokumen resmi untuk lampiran SPM/SP2D / the invoice as an official document',
        params: idParam,
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const inv = await getInvoice(app.db, actor, req.params.id); // 404 before any byte is sent
      return download(req, reply, PDF, `tagihan-${inv.id}.pdf`, (out) => writeInvoicePdf(app.db, actor, inv, out));
    },
  );

  app.get(
    '/invoices/:id/participants.xlsx',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        tags: ['billing'],
        summary: 'Daftar peserta tagihan, terbayar atau belum (XLSX, tercatat di audit) / the invoice’s participants, paid or not',
        params: idParam,
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const inv = await getInvoice(app.db, actor, req.params.id);
      return download(req, reply, XLSX, `tagihan-${inv.id}-peserta.xlsx`, (out) => writeInvoiceWorkbook(app.db, actor, inv, out));
    },
  );

  app.post(
    '/invoices/:id/payments',
    {
      config: { access: 'billing.write' },
      schema: {
        tags: ['billing'],
        summary: 'Catat pembayaran (boleh sebagian) / record a payment (partial allowed)',
        params: idParam,
        body: z.object({ paidOn: z.string().max(10), reference: z.string().max(200), amount: z.number() }),
        response: { 201: invoiceDetailSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const invoice = await recordPayment(app.db, requireActor(req), req.params.id, req.body);
      app.jobs.nudge(); // the coverage.refresh the payment queued
      return reply.status(201).send(invoice);
    },
  );

  app.get(
    '/participants/:id/timeline',
    {
      config: { access: 'funding.read' },
      schema: { tags: ['billing'], params: idParam, querystring: z.object({ date: dateStr }), response: { 200: timelineSchema, ...errorResponses } },
    },
    async (req) => participantTimeline(app.db, requireActor(req), req.params.id, req.query.date),
  );

  app.get(
    '/protection',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['billing'],
        summary: 'Apakah pekerja ini terlindungi pada tanggal D, dan oleh sumber apa? / is this worker protected on day D?',
        querystring: z.object({ nik: z.string().max(16).optional(), participantId: z.coerce.number().int().optional(), date: dateStr }),
        response: { 200: protectionSchema, ...errorResponses },
      },
    },
    async (req) => protectionStatus(app.db, requireActor(req), { id: req.query.participantId, nik: req.query.nik }, req.query.date),
  );

  app.get(
    '/alerts',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['billing'],
        summary: 'Perlindungan segera berakhir, bulan belum dibayar, kohort tanpa pagu tahun depan / alerts',
        querystring: z.object({
          programId: z.coerce.number().int().optional(),
          days: z.coerce.number().int().optional(),
          asOf: dateStr,
          limit: z.coerce.number().int().min(1).max(500).optional(),
          endingOffset: z.coerce.number().int().min(0).max(10_000_000).optional(),
          unpaidOffset: z.coerce.number().int().min(0).max(10_000_000).optional(),
        }),
        response: { 200: alertsSchema, ...errorResponses },
      },
    },
    async (req) => alerts(app.db, requireActor(req), req.query),
  );

  app.get(
    '/alerts.:ext',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        response: fileResponses,
        tags: ['billing'],
        summary: 'Daftar peringatan untuk diunduh / alerts as CSV or XLSX',
        params: z.object({ ext: z.enum(['csv', 'xlsx']) }),
        querystring: z.object({ programId: z.coerce.number().int().optional(), days: z.coerce.number().int().optional(), asOf: dateStr }),
      },
    },
    async (req, reply) => {
      const file = await exportAlerts(app.db, requireActor(req), req.query, req.params.ext);
      return download(req, reply, req.params.ext === 'csv' ? CSV : XLSX, `peringatan-${file.view.asOf}.${req.params.ext}`, file.write);
    },
  );

  app.post(
    '/reconciliations',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['billing'],
        summary: 'Rekonsiliasi dengan daftar peserta BPJS (CSV/XLSX) / reconcile with a BPJS participant statement',
        querystring: z.object({ programId: z.coerce.number().int() }),
        response: { 201: reconciliationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const view = await withUploadedTable(req, uploads, (f) =>
        reconcileFile(app.db, actor, { programId: req.query.programId, path: f.path, format: f.format, fileName: f.name }),
      );
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/reconciliations',
    {
      config: { access: 'funding.read' },
      schema: { tags: ['billing'], response: { 200: z.object({ items: z.array(reconciliationSchema) }), ...errorResponses } },
    },
    async (req) => ({
      items: await listReconciliations(app.db, requireActor(req)),
    }),
  );

  app.get(
    '/reconciliations/:id',
    { config: { access: 'funding.read' }, schema: { tags: ['billing'], params: idParam, response: { 200: reconciliationSchema, ...errorResponses } } },
    async (req) => getReconciliation(app.db, requireActor(req), req.params.id),
  );

  app.post(
    '/reconciliations/:id/apply',
    {
      config: { access: 'enrolment.write' },
      schema: {
        tags: ['billing'],
        summary: 'Terapkan KPJ dan status nonaktif dari laporan BPJS / apply BPJS’s KPJ numbers and non-active statuses',
        params: idParam,
        response: { 200: z.object({ kpj: z.number(), status: z.number() }), ...errorResponses },
      },
    },
    async (req) => applyReconciliation(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/reconciliations/:id/:kind.:ext',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        response: fileResponses,
        tags: ['billing'],
        summary: 'Unduh selisih (missing, extra, mismatch, all) / download differences',
        params: z.object({ id: z.coerce.number().int().positive(), kind: z.enum(['missing', 'extra', 'mismatch', 'all']), ext: z.enum(['csv', 'xlsx']) }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { id, kind, ext } = req.params;
      await getReconciliation(app.db, actor, id, 0);
      return download(req, reply, ext === 'csv' ? CSV : XLSX, `rekonsiliasi-${id}-${kind}.${ext}`, (out) =>
        writeReconciliationItems(app.db, actor, id, kind, ext, out),
      );
    },
  );
};

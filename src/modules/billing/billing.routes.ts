import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { fileResponses, errorResponses, idParam, isoDate, isoMonth } from '../../http/schemas.js';
import { withUploadedTable } from '../../http/upload.js';
import { CSV, XLSX, download } from '../../http/download.js';
import { writeTable } from '../enrolment/files.js';
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
import { insertAudit } from '../audit/audit.repository.js';
import { getInvoice, listInvoices, participantTimeline, protectionStatus, recordPayment, runBilling, setBillingCycle } from './billing.service.js';
import { alerts } from './alerts.service.js';
import { getReconciliation, listReconciliations, reconcileFile, writeReconciliationItems } from './reconcile.service.js';

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
        response: { 200: billingRunSchema, ...errorResponses },
      },
    },
    async (req) => runBilling(app.db, requireActor(req), req.body),
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
    async (req, reply) => reply.status(201).send(await recordPayment(app.db, requireActor(req), req.params.id, req.body)),
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
    async (req) => {
      const actor = requireActor(req);
      const result = await protectionStatus(app.db, actor, { id: req.query.participantId, nik: req.query.nik }, req.query.date);
      if (req.query.nik)
        await insertAudit(app.db, actor, { action: 'participant.lookup', entity: 'participant', entityId: String(result.participant.id), regionCode: null });
      return result;
    },
  );

  app.get(
    '/alerts',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['billing'],
        summary: 'Perlindungan segera berakhir, bulan belum dibayar, kohort tanpa pagu tahun depan / alerts',
        querystring: z.object({ programId: z.coerce.number().int().optional(), days: z.coerce.number().int().optional(), asOf: dateStr }),
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
      const actor = requireActor(req);
      const a = await alerts(app.db, actor, { ...req.query, limit: 1_000_000 });
      await insertAudit(app.db, actor, {
        action: `alerts.export_${req.params.ext}`,
        entity: 'alerts',
        entityId: null,
        regionCode: actor.scope,
        after: a.counts,
      });
      const rows = [...a.ending, ...a.unpaid].map((r) => [r.kind, r.nik, r.fullName, r.villageCode, r.sourceName, r.date, r.months, r.rupiah, r.deadline]);
      for (const c of a.cohorts) rows.push(['cohort', '', `${c.workers} peserta / participants`, '', c.sourceName, c.endsOn, 0, 0, c.lapseDeadline]);
      return download(req, reply, req.params.ext === 'csv' ? CSV : XLSX, `peringatan-${a.asOf}.${req.params.ext}`, (out) =>
        writeTable(
          req.params.ext,
          out,
          'Peringatan',
          ['JENIS / KIND', 'NIK', 'NAMA / NAME', 'DESA / VILLAGE', 'SUMBER / SOURCE', 'TANGGAL / DATE', 'BULAN / MONTHS', 'RUPIAH', 'BATAS / DEADLINE'],
          rows,
        ),
      );
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

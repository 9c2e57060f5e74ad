import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { extname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, idParam, isoDate } from '../../http/schemas.js';
import { PDF, download } from '../../http/download.js';
import { withUploadedFile } from '../../http/upload.js';
import { formatOf } from '../../files/readers.js';
import * as accounts from './donors.service.js';
import * as sponsorships from './sponsorships.service.js';
import * as payments from './payments.service.js';
import * as pools from './pools.service.js';
import * as space from './donor-space.service.js';

const svc = { ...accounts, ...sponsorships, ...payments, ...pools, ...space };
import {
  donationSchema,
  donorInputSchema,
  donorSchema,
  lapsedSchema,
  poolsSchema,
  quoteSchema,
  sponsorshipInputSchema,
  sponsorshipSchema,
  statementLineSchema,
  statementsSchema,
} from './donors.schemas.js';

const tags = ['donors'];

/** Donors as the regency's operators see them: donors, sponsorships, donations, bank statements, pools, lapsed donors (issue 14). */
export const donorStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');
  const url = app.config.publicUrl;

  // ------------------------------------------------------------ the regency's operators
  app.get(
    '/donors',
    {
      config: { access: 'donors.read' },
      schema: {
        tags,
        summary: 'Donatur di wilayah / donors',
        querystring: z.object({
          search: z.string().max(100).optional(),
          kind: z.enum(['civil_servant', 'citizen', 'company']).optional(),
          page: z.coerce.number().int().min(1).max(100000).optional(),
        }),
        response: { 200: z.object({ items: z.array(donorSchema), total: z.number() }), ...errorResponses },
      },
    },
    async (req) => svc.listDonors(app.db, requireActor(req), req.query),
  );
  app.post(
    '/donors',
    {
      config: { access: 'donors.manage' },
      schema: { tags, summary: 'Catat donatur / record a donor', body: donorInputSchema, response: { 200: donorSchema, ...errorResponses } },
    },
    async (req) => svc.createDonor(app.db, requireActor(req), req.body, url),
  );
  app.get(
    '/donors/lapsed',
    {
      config: { access: 'donors.read' },
      schema: {
        tags,
        summary: 'Donatur tahun lalu yang belum memberi tahun ini / lapsed donors',
        querystring: z.object({ year: z.coerce.number().int().min(2016).max(2100).optional() }),
        response: { 200: lapsedSchema, ...errorResponses },
      },
    },
    async (req) => svc.lapsedDonors(app.db, requireActor(req), req.query.year),
  );
  app.get(
    '/donors/:id',
    {
      config: { access: 'donors.read' },
      schema: { tags, summary: 'Satu donatur / one donor', params: idParam, response: { 200: donorSchema, ...errorResponses } },
    },
    async (req) => svc.getDonor(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/sponsorships',
    {
      config: { access: 'donors.read' },
      schema: {
        tags,
        summary: 'Sponsor: menunggu pembayaran, penempatan, berjalan / sponsorships',
        querystring: z.object({
          donorId: z.coerce.number().int().positive().optional(),
          status: z.enum(['awaiting_payment', 'awaiting_assignment', 'active', 'refund_due', 'refunded', 'cancelled']).optional(),
          kind: z.enum(['named', 'pool']).optional(),
        }),
        response: { 200: z.object({ items: z.array(sponsorshipSchema) }), ...errorResponses },
      },
    },
    async (req) => svc.listSponsorships(app.db, requireActor(req), req.query),
  );
  app.post(
    '/sponsorships',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Catat sponsor untuk donatur / record a sponsorship for a donor',
        body: sponsorshipInputSchema,
        response: { 200: sponsorshipSchema, ...errorResponses },
      },
    },
    async (req) => svc.createSponsorship(app.db, requireActor(req), req.body),
  );
  app.post(
    '/sponsorships/quote',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Harga sponsor per bulan / price of a sponsorship',
        body: sponsorshipInputSchema,
        response: { 200: quoteSchema, ...errorResponses },
      },
    },
    async (req) => svc.quoteSponsorship(app.db, requireActor(req), req.body),
  );
  app.get(
    '/sponsorships/:id',
    {
      config: { access: 'donors.read' },
      schema: { tags, summary: 'Satu sponsor / one sponsorship', params: idParam, response: { 200: sponsorshipSchema, ...errorResponses } },
    },
    async (req) => svc.getSponsorship(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/sponsorships/:id/assign',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Tempatkan dana bersama ke pekerja menurut prioritas / assign a pool',
        params: idParam,
        response: { 200: sponsorshipSchema, ...errorResponses },
      },
    },
    async (req) => svc.assignPool(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/sponsorships/:id/refund',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Kembalikan dana kepada donatur / refund',
        params: idParam,
        body: z.object({ reference: z.string().max(100) }),
        response: { 200: sponsorshipSchema, ...errorResponses },
      },
    },
    async (req) => svc.refundSponsorship(app.db, requireActor(req), req.params.id, req.body),
  );
  app.post(
    '/sponsorships/:id/refund-due',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Pekerja tidak dapat didaftarkan: tandai untuk pengembalian / mark for refund',
        params: idParam,
        body: z.object({ reason: z.string().max(300) }),
        response: { 200: sponsorshipSchema, ...errorResponses },
      },
    },
    async (req) => svc.markRefundDue(app.db, requireActor(req), req.params.id, req.body.reason),
  );
  app.post(
    '/sponsorships/:id/renew',
    {
      config: { access: 'donors.manage' },
      schema: { tags, summary: 'Perpanjang untuk donatur / renew for a donor', params: idParam, response: { 200: sponsorshipSchema, ...errorResponses } },
    },
    async (req) => svc.renewSponsorship(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/donations',
    {
      config: { access: 'donors.read' },
      schema: {
        tags,
        summary: 'Donasi / donations',
        querystring: z.object({
          status: z.enum(['expected', 'paid', 'refunded', 'cancelled']).optional(),
          donorId: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: z.object({ items: z.array(donationSchema) }), ...errorResponses },
      },
    },
    async (req) => svc.listDonations(app.db, requireActor(req), req.query),
  );
  app.post(
    '/donations/:id/confirm',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Konfirmasi pembayaran donasi / confirm a payment',
        params: idParam,
        body: z.object({ paidOn: isoDate().optional(), amount: z.number().int(), reference: z.string().max(100) }),
        response: { 200: donationSchema, ...errorResponses },
      },
    },
    async (req) => svc.confirmDonation(app.db, requireActor(req), req.params.id, req.body),
  );
  app.get(
    '/donations/:id/receipt.pdf',
    {
      config: { access: 'donors.read', download: true },
      schema: { tags, summary: 'Kuitansi donasi (PDF) / receipt', params: idParam, response: fileResponses },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const write = await svc.receiptWriter(app.db, actor, req.params.id);
      return download(req, reply, PDF, `kuitansi-donasi-${req.params.id}.pdf`, write);
    },
  );
  app.get(
    '/donor-pools',
    { config: { access: 'donors.read' }, schema: { tags, summary: 'Saldo dana bersama / pool balances', response: { 200: poolsSchema, ...errorResponses } } },
    async (req) => svc.poolBalances(app.db, requireActor(req)),
  );
  app.get(
    '/bank-statements',
    {
      config: { access: 'donors.read' },
      schema: {
        tags,
        summary: 'Rekening koran dan baris terbuka / statements and open lines',
        querystring: z.object({ open: z.enum(['true', 'false']).optional() }),
        response: { 200: statementsSchema, ...errorResponses },
      },
    },
    async (req) => svc.listStatementLines(app.db, requireActor(req), { open: req.query.open === 'true' }),
  );
  app.post(
    '/bank-statements',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Impor rekening koran (CSV/XLSX bank atau MT940) dan cocokkan / import a bank statement',
        response: { 200: z.object({ statementId: z.number(), lines: z.number(), matched: z.number(), open: z.number() }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return withUploadedFile(req, uploads, ['.csv', '.txt', '.xlsx', '.sta', '.940', '.mt940'], async (f) => {
        const ext = extname(f.name).toLowerCase();
        const looksMt940 = ['.sta', '.940', '.mt940'].includes(ext) || (ext === '.txt' && (await readFile(f.path, 'utf8')).slice(0, 400).includes(':20:'));
        return svc.importStatement(app.db, actor, { ...f, format: looksMt940 ? 'mt940' : formatOf(f.name.replace(/\.txt$/i, '.csv'))! });
      });
    },
  );
  app.post(
    '/bank-statement-lines/:id/decide',
    {
      config: { access: 'donors.manage' },
      schema: {
        tags,
        summary: 'Putuskan baris yang tidak cocok / decide an open line',
        params: idParam,
        body: z.object({ decision: z.enum(['accept', 'ignore']), donationId: z.number().int().positive().optional(), note: z.string().max(300).optional() }),
        response: { 200: statementLineSchema, ...errorResponses },
      },
    },
    async (req) => svc.decideStatementLine(app.db, requireActor(req), req.params.id, req.body),
  );
};

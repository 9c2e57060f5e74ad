import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, idParam } from '../../http/schemas.js';
import { PDF, download } from '../../http/download.js';
import { throttleMailRequests } from '../auth/auth.service.js';
import { searchRegions } from '../regions/regions.service.js';
import * as accounts from './donors.service.js';
import * as sponsorships from './sponsorships.service.js';
import * as payments from './payments.service.js';
import * as pools from './pools.service.js';
import * as space from './donor-space.service.js';

const svc = { ...accounts, ...sponsorships, ...payments, ...pools, ...space };
import { countersSchema, donorInputSchema, overviewSchema, quoteSchema, sponsorshipInputSchema, sponsorshipSchema } from './donors.schemas.js';

const ok = z.object({ ok: z.literal(true) });
const tags = ['donors'];

/** Donors: public sign-up and links, the donor's own space, and the regency's operator views (issue 14). */
export const donorRoutes: FastifyPluginAsyncZod = async (app) => {
  const url = app.config.publicUrl;

  // ------------------------------------------------------------ public
  app.post(
    '/public/donors/signup',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Daftar sebagai donatur / sign up as a donor',
        body: donorInputSchema,
        response: { 200: ok, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (req) => {
      await throttleMailRequests(app.db, req.ip);
      return svc.signUp(app.db, req.body, url);
    },
  );
  app.post(
    '/public/donors/verify',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Pastikan alamat e-mail / verify the e-mail address',
        body: z.object({ token: z.string().max(100) }),
        response: { 200: ok.extend({ email: z.string() }), ...errorResponses },
      },
    },
    async (req) => svc.verifyEmail(app.db, req.body.token),
  );
  app.post(
    '/public/donors/reset-request',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Minta tautan atur ulang kata sandi / ask for a reset link',
        body: z.object({ email: z.string().max(254) }),
        response: { 200: ok, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (req) => {
      await throttleMailRequests(app.db, req.ip);
      return svc.requestPasswordReset(app.db, req.body.email, url);
    },
  );
  app.post(
    '/public/donors/reset',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Kata sandi baru / set a new password',
        body: z.object({ token: z.string().max(100), password: z.string().max(200) }),
        response: { 200: ok, ...errorResponses },
      },
    },
    async (req) => svc.resetPassword(app.db, req.body.token, req.body.password),
  );
  app.get(
    '/public/regencies',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Cari kabupaten/kota untuk pendaftaran donatur / find a regency to give in',
        querystring: z.object({ q: z.string().min(2).max(100) }),
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), path: z.string() })) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: (await searchRegions(app.db, { text: req.query.q, level: 'regency', limit: 12 })).map((r) => ({ code: r.code, name: r.name, path: r.path })),
    }),
  );
  app.get(
    '/public/donor-counters',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Donatur, pekerja terlindungi dan bulan dibiayai per kabupaten/kota / public counters', response: { 200: countersSchema } },
    },
    async () => svc.publicDonorCounters(app.db),
  );

  // ------------------------------------------------------------ the donor's own space
  app.get(
    '/donor/overview',
    {
      config: { access: 'donor.self' },
      schema: { tags, summary: 'Ruang donatur: yang dibiayai dan hasilnya / what my donations did', response: { 200: overviewSchema, ...errorResponses } },
    },
    async (req) => svc.donorOverview(app.db, requireActor(req)),
  );
  app.get(
    '/donor/certificate.pdf',
    {
      config: { access: 'donor.self', download: true },
      schema: { tags, summary: 'Piagam penghargaan (PDF) / certificate of appreciation', response: fileResponses },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const write = await svc.certificateWriter(app.db, actor);
      return download(req, reply, PDF, 'piagam-donatur.pdf', write);
    },
  );
  app.get(
    '/donor/csr-report.pdf',
    {
      config: { access: 'donor.self', download: true },
      schema: {
        tags,
        summary: 'Laporan CSR per tahun (PDF) / CSR report',
        querystring: z.object({ year: z.coerce.number().int().min(2016).max(2100) }),
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const write = await svc.csrReportWriter(app.db, actor, req.query.year);
      return download(req, reply, PDF, `laporan-csr-${req.query.year}.pdf`, write);
    },
  );
  app.post(
    '/donor/quote',
    {
      config: { access: 'donor.self' },
      schema: {
        tags,
        summary: 'Harga sponsor per bulan / price of a sponsorship',
        body: sponsorshipInputSchema,
        response: { 200: quoteSchema, ...errorResponses },
      },
    },
    async (req) => svc.quoteSponsorship(app.db, requireActor(req), req.body),
  );
  app.post(
    '/donor/sponsorships',
    {
      config: { access: 'donor.self' },
      schema: {
        tags,
        summary: 'Sponsori pekerja atau dana bersama / sponsor a worker or a pool',
        body: sponsorshipInputSchema,
        response: { 200: sponsorshipSchema, ...errorResponses },
      },
    },
    async (req) => svc.createSponsorship(app.db, requireActor(req), { ...req.body, donorId: undefined }),
  );
  app.post(
    '/donor/sponsorships/:id/renew',
    {
      config: { access: 'donor.self' },
      schema: { tags, summary: 'Perpanjang satu langkah / renew in one step', params: idParam, response: { 200: sponsorshipSchema, ...errorResponses } },
    },
    async (req) => svc.renewSponsorship(app.db, requireActor(req), req.params.id),
  );
  app.post(
    '/donor/sponsorships/:id/cancel',
    {
      config: { access: 'donor.self' },
      schema: { tags, summary: 'Batalkan sebelum dibayar / cancel before payment', params: idParam, response: { 200: sponsorshipSchema, ...errorResponses } },
    },
    async (req) => svc.cancelSponsorship(app.db, requireActor(req), req.params.id),
  );
  app.get(
    '/donor/donations/:id/receipt.pdf',
    {
      config: { access: 'donor.self', download: true },
      schema: { tags, summary: 'Kuitansi donasi (PDF) / receipt', params: idParam, response: fileResponses },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const write = await svc.receiptWriter(app.db, actor, req.params.id);
      return download(req, reply, PDF, `kuitansi-donasi-${req.params.id}.pdf`, write);
    },
  );
};

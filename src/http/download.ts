import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CSV = 'text/csv; charset=utf-8';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PDF = 'application/pdf';

/**
 * Streams a document produced by `write` as a download. Check access before calling: once streaming
 * has begun the status is sent, so a failure mid-stream is logged and cuts the response.
 */
export function download(req: FastifyRequest, reply: FastifyReply, type: string, name: string, write: (out: Writable) => Promise<unknown>) {
  const out = new PassThrough();
  write(out).catch((err: unknown) => {
    req.log.error({ err }, 'export failed');
    out.destroy(err as Error);
  });
  return reply.header('cache-control', 'no-store').header('content-type', type).header('content-disposition', `attachment; filename="${name}"`).send(out);
}

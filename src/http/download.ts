import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A file to download: its name, its media type and its bytes as they are written. */
export interface Download {
  filename: string;
  type: string;
  body: Readable;
}

/** Sends a download as an attachment, streamed as its body is written. */
export async function sendDownload(
  reply: FastifyReply,
  { filename, type, body }: Download,
  cache = 'private, no-store',
): Promise<void> {
  await reply
    .status(200)
    .type(type)
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Cache-Control', cache)
    .send(body);
}

import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Sends a page rendered on the server. Preact escapes every text and attribute it renders, so
 * what a person typed reaches the page as text. Pages carry someone's view of the register: never
 * stored by a shared cache or kept by the browser after sign-out.
 */
export async function sendPage(reply: FastifyReply, page: VNode, status = 200): Promise<void> {
  await reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'private, no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** A redirect after a form or to the sign-in page: 303, so the browser follows with a GET. */
export async function redirect(reply: FastifyReply, to: string): Promise<void> {
  await reply.status(303).header('Location', to).header('Cache-Control', 'no-store').send();
}

import { createHash } from 'node:crypto';

/** Keys are kept and counted as their SHA-256, never as the secret. */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** A request as Node gives it: what the rate limit and the guard both see. */
interface Incoming {
  headers: { authorization?: string };
}

const hashes = new WeakMap<Incoming, string | null>();

/**
 * The hash of a request's `Authorization: Bearer <key>`, or null without one. Worked out once per
 * request: the rate limit counts by it and the guard then looks the key up by it.
 */
export function bearerHash(req: Incoming): string | null {
  let hash = hashes.get(req);
  if (hash === undefined) {
    const secret = BEARER.exec(req.headers.authorization ?? '')?.[1];
    hash = secret ? hashSecret(secret) : null;
    hashes.set(req, hash);
  }
  return hash;
}

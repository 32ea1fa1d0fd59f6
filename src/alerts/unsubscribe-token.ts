import { createHmac, timingSafeEqual } from 'node:crypto';

const mac = (key: string, subscriptionId: string) =>
  createHmac('sha256', key).update(`unsubscribe:${subscriptionId}`).digest();

/** `<subscription id>.<HMAC-SHA256 of it>`: an unsubscribe link that cannot be forged or altered. */
export function signUnsubscribe(key: string, subscriptionId: string): string {
  return `${subscriptionId}.${mac(key, subscriptionId).toString('base64url')}`;
}

/** The subscription id a token was signed for, or null for anything forged, altered or malformed. */
export function verifyUnsubscribe(key: string, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  // Node's base64url decoder skips what it cannot read: insist on the exact encoding first.
  if (!/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
  const given = Buffer.from(signature, 'base64url');
  if (given.toString('base64url') !== signature) return null;
  const expected = mac(key, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

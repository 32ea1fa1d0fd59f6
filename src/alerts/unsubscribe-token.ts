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
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

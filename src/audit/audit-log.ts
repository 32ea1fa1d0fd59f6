import { EntityManager } from 'typeorm';
import { Actor } from '../access/principal';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  boroughId?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Anything else worth keeping, e.g. a run's counts. */
  details?: Record<string, unknown>;
}

/**
 * Records a change in the caller's transaction, so the record and the change commit or roll back
 * together (DESIGN §6). Only labels and ids of keys, never secrets.
 */
export async function audit(
  em: EntityManager,
  actor: Actor,
  at: Date,
  entry: AuditEntry,
): Promise<void> {
  const summary: Record<string, unknown> = { ...(entry.details ?? {}) };
  if (entry.before !== undefined) summary.before = entry.before;
  if (entry.after !== undefined) summary.after = entry.after;
  await em.insert(AuditEvent, {
    at,
    actorKeyId: actor.keyId,
    actorLabel: actor.label.slice(0, 200),
    action: entry.action,
    boroughId: entry.boroughId ?? null,
    targetId: entry.targetId ?? null,
    summary: JSON.stringify(summary),
  });
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/principal';
import { LIKE_ESCAPE, startingWith } from '../common/like';
import { AuditEvent } from './audit-event.entity';

export interface AuditQuery {
  /** An action, or a prefix ending in ".". */
  action?: string | null;
  boroughId?: string;
  actorKeyId?: string | null;
  from?: Date | null;
  to?: Date | null;
  limit: number;
  offset: number;
}

/** Reads the `audit_event` table; `audit` below is the one way to write to it. */
@Injectable()
export class AuditRepository {
  /** Events, newest first. */
  find(em: EntityManager, query: AuditQuery): Promise<AuditEvent[]> {
    const select = em
      .createQueryBuilder(AuditEvent, 'e')
      .orderBy('e.id', 'DESC')
      .limit(query.limit)
      .offset(query.offset);
    if (query.action) {
      if (query.action.endsWith('.'))
        select.andWhere(`e.action LIKE :prefix ${LIKE_ESCAPE}`, {
          prefix: startingWith(query.action),
        });
      else select.andWhere('e.action = :action', { action: query.action });
    }
    if (query.boroughId) select.andWhere('e.borough_id = :borough', { borough: query.boroughId });
    if (query.actorKeyId) select.andWhere('e.actor_key_id = :key', { key: query.actorKeyId });
    if (query.from) select.andWhere('e.at >= :from', { from: query.from });
    if (query.to) select.andWhere('e.at <= :to', { to: query.to });
    return select.getMany();
  }
}

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

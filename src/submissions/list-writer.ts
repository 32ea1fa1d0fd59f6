import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { Borough } from '../boroughs/borough.entity';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { Clock } from '../common/clock';
import { ItSystem } from '../systems/it-system.entity';
import { ENTRY_FIELDS, SystemsRepository } from '../systems/systems.repository';
import { ListEntry } from './list-entries';
import { SystemSnapshot } from './models/system-snapshot.model';
import { Submission } from './submission.entity';
import { SubmissionsRepository } from './submissions.repository';

export type SubmissionAction = 'submit' | 'upsert' | 'remove' | 'seed';

/** Which entries a new version added, removed or changed, by name, for the audit trail. */
function changes(previous: Map<string, ItSystem>, snapshot: SystemSnapshot[]) {
  const kept = new Set(snapshot.map((s) => s.id));
  return {
    added: snapshot.filter((s) => !previous.has(s.id)).map((s) => s.name),
    removed: [...previous.values()].filter((s) => !kept.has(s.id)).map((s) => s.name),
    changed: snapshot
      .filter((s) => {
        const before = previous.get(s.id);
        return (
          before !== undefined && before.updatedAt.getTime() !== new Date(s.updatedAt).getTime()
        );
      })
      .map((s) => s.name),
  };
}

/** Writes a borough's new list, its numbered version and its audit event, in the caller's transaction. */
@Injectable()
export class ListWriter {
  constructor(
    private readonly boroughs: BoroughsRepository,
    private readonly systems: SystemsRepository,
    private readonly submissions: SubmissionsRepository,
    private readonly clock: Clock,
  ) {}

  /** The borough's current list, by rank. */
  currentList(em: EntityManager, boroughId: string): Promise<ItSystem[]> {
    return this.systems.currentOfBorough(em, boroughId);
  }

  /** Replaces the borough's current list with `list` and records the new version. */
  async write(
    em: EntityManager,
    borough: Borough,
    principal: Principal,
    action: SubmissionAction,
    list: ListEntry[],
  ): Promise<Submission> {
    const now = this.clock.now();
    const previous = new Map(
      (await this.systems.currentOfBorough(em, borough.id)).map((s) => [s.id, s]),
    );
    // Retire the whole current list first: entries that stay are brought back below with their
    // new ranks, so swapping two ranks never trips the one-entry-per-rank index on the way.
    await this.systems.retireCurrent(em, borough.id, now);

    const snapshot: SystemSnapshot[] = [];
    for (const entry of [...list].sort((a, b) => a.values.rank - b.values.rank)) {
      const before = entry.id ? previous.get(entry.id) : undefined;
      let id: string;
      let updatedAt = now;
      if (before) {
        const changed = ENTRY_FIELDS.some((key) => before[key] !== entry.values[key]);
        updatedAt = changed ? now : before.updatedAt;
        id = before.id;
        await this.systems.restore(em, id, entry.values, updatedAt);
      } else {
        id = await this.systems.add(em, borough.id, entry.values, now);
      }
      const { categoryId: _c, supplierId: _s, productId: _p, ...values } = entry.values;
      snapshot.push({ id, ...values, ...entry.snapshot, updatedAt });
    }

    const version = borough.version + 1;
    await this.boroughs.setVersion(em, borough.id, version, now);
    const submission = em.create(Submission, {
      id: randomUUID(),
      boroughId: borough.id,
      version,
      submittedAt: now,
      submittedBy: principal.label,
      apiKeyId: principal.keyId,
      action,
      systems: snapshot,
    });
    await this.submissions.add(em, submission);
    await audit(em, principal, now, {
      action: `list.${action}`,
      boroughId: borough.id,
      targetId: submission.id,
      before: { version: borough.version, entries: previous.size },
      after: { version, entries: snapshot.length },
      details: changes(previous, snapshot),
    });
    return submission;
  }
}

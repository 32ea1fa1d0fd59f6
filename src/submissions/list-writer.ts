import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { registerEnumType } from '@nestjs/graphql';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { Borough } from '../boroughs/borough.entity';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { Clock } from '../common/clock';
import { ItSystem } from '../systems/it-system.entity';
import { ENTRY_FIELDS, EntryValues, SystemsRepository } from '../systems/systems.repository';
import { ListEntry } from './list-entries';
import { SystemSnapshot } from './models/system-snapshot.model';
import { Submission } from './submission.entity';
import { SubmissionsRepository } from './submissions.repository';

export type SubmissionAction = 'submit' | 'upsert' | 'remove' | 'seed' | 'import';

/** What a new version did to one entry, against the list before it. */
export enum EntryChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  RETIRED = 'RETIRED',
}
registerEnumType(EntryChangeKind, {
  name: 'EntryChange',
  description: 'What a new version does to an entry of the list before it.',
});

/** One entry's change: a new, changed or kept entry of the new list, or one that left it. */
export interface EntryChange {
  change: EntryChangeKind;
  id: string;
  /** Its rank in the new list, or in the old one when retired. */
  rank: number;
  name: string;
  /** The stored fields that differ (UPDATED only). */
  fields: (keyof EntryValues)[];
}

/** A version written: the submission, and each entry's change (new list by rank, then retired). */
export interface WrittenList {
  submission: Submission;
  changes: EntryChange[];
}

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

  /**
   * Records that a borough's list is still correct (DESIGN §11): its confirmation time moves, no
   * version is written, and the audit trail says who confirmed it. The borough row is locked.
   */
  async confirm(em: EntityManager, borough: Borough, principal: Principal): Promise<Borough> {
    const now = this.clock.now();
    await this.boroughs.setConfirmed(em, borough.id, now);
    await audit(em, principal, now, {
      action: 'list.confirm',
      boroughId: borough.id,
      before: { version: borough.version, lastConfirmedAt: borough.lastConfirmedAt },
      after: { version: borough.version, lastConfirmedAt: now },
    });
    return Object.assign(borough, { lastConfirmedAt: now });
  }

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
  ): Promise<WrittenList> {
    const now = this.clock.now();
    const previous = new Map(
      (await this.systems.currentOfBorough(em, borough.id)).map((s) => [s.id, s]),
    );
    // Retire the whole current list first: entries that stay are brought back below with their
    // new ranks, so swapping two ranks never trips the one-entry-per-rank index on the way.
    await this.systems.retireCurrent(em, borough.id, now);

    const snapshot: SystemSnapshot[] = [];
    const entryChanges: EntryChange[] = [];
    for (const entry of [...list].sort((a, b) => a.values.rank - b.values.rank)) {
      const before = entry.id ? previous.get(entry.id) : undefined;
      let id: string;
      let updatedAt = now;
      if (before) {
        const fields = ENTRY_FIELDS.filter((key) => before[key] !== entry.values[key]);
        updatedAt = fields.length ? now : before.updatedAt;
        id = before.id;
        await this.systems.restore(em, id, entry.values, updatedAt);
        entryChanges.push({
          change: fields.length ? EntryChangeKind.UPDATED : EntryChangeKind.UNCHANGED,
          id,
          rank: entry.values.rank,
          name: entry.values.name,
          fields,
        });
      } else {
        id = await this.systems.add(em, borough.id, entry.values, now);
        entryChanges.push({
          change: EntryChangeKind.CREATED,
          id,
          rank: entry.values.rank,
          name: entry.values.name,
          fields: [],
        });
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
    const kept = new Set(snapshot.map((s) => s.id));
    for (const before of previous.values()) {
      if (kept.has(before.id)) continue;
      entryChanges.push({
        change: EntryChangeKind.RETIRED,
        id: before.id,
        rank: before.rank,
        name: before.name,
        fields: [],
      });
    }
    return { submission, changes: entryChanges };
  }
}

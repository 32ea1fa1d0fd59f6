import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Action, authorise } from '../access/policy';
import { Principal } from '../access/principal';
import { Borough } from '../boroughs/borough.entity';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';
import { DomainError, FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { Database } from '../database/database';
import { checkEntry, checkList, tidyEntry } from '../systems/check-entries';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { matchEntries, referenceKey } from '../systems/match-entries';
import { RemoveSystemArgs } from './dto/remove-system.args';
import { ListEntries } from './list-entries';
import { ListWriter, SubmissionAction, WrittenList } from './list-writer';
import { Submission } from './submission.entity';
import { ItSystem } from '../systems/it-system.entity';

/** Carries a dry run's result out of its transaction, which throwing it rolls back. */
class RolledBack extends Error {
  constructor(readonly written: WrittenList) {
    super('dry run');
  }
}

/**
 * Changes to a borough's list (DESIGN §3). Each accepted change replaces the current list inside
 * one transaction and records a numbered version with a snapshot; anything invalid is refused
 * before anything is written. The borough row is the lock: two changes to one list take turns.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
    private readonly entries: ListEntries,
    private readonly writer: ListWriter,
  ) {}

  async submit(
    principal: Principal,
    gssCode: string,
    systems: ItSystemInput[],
    expectedVersion?: number | null,
    action: SubmissionAction = 'submit',
  ): Promise<Submission> {
    const { written } = await this.replace(principal, gssCode, systems, expectedVersion, {
      action,
      dryRun: false,
    });
    return written.submission;
  }

  /**
   * As `submit`, saying what the new version does to each entry. A dry run goes all the way
   * through, identity matching, new suppliers, version check, audit, and then rolls everything
   * back, so what it reports is exactly what the change would do and nothing is written.
   */
  async replace(
    principal: Principal,
    gssCode: string,
    systems: ItSystemInput[],
    expectedVersion: number | null | undefined,
    { action, dryRun }: { action: SubmissionAction; dryRun: boolean },
  ): Promise<{ written: WrittenList; dryRun: boolean }> {
    await this.checkAccess(principal, gssCode);
    const entries = systems.map(tidyEntry);
    const errors = new FieldErrors();
    checkList(entries, await this.categoryCodes(), errors);
    errors.throwIfAny();

    try {
      const written = await this.db.transaction(async (em) => {
        const { borough, current } = await this.open(em, gssCode, expectedVersion);
        const ids = matchEntries(current, entries);
        const list = await this.entries.fromInput(em, entries, 'systems', ids);
        const result = await this.writer.write(em, borough, principal, action, list);
        if (dryRun) throw new RolledBack(result);
        return result;
      });
      return { written, dryRun: false };
    } catch (error) {
      if (error instanceof RolledBack) return { written: error.written, dryRun: true };
      throw error;
    }
  }

  async upsert(
    principal: Principal,
    gssCode: string,
    system: ItSystemInput,
    expectedVersion?: number | null,
  ): Promise<Submission> {
    await this.checkAccess(principal, gssCode);
    const entry = tidyEntry(system);
    const errors = new FieldErrors();
    checkEntry(entry, 'system', await this.categoryCodes(), errors);
    errors.throwIfAny();

    return this.db.transaction(async (em) => {
      const { borough, current } = await this.open(em, gssCode, expectedVersion);
      const kept = current.filter((s) => s.rank !== entry.rank);
      const reference = referenceKey(entry.contractReference);
      const clash = reference && kept.find((s) => referenceKey(s.contractReference) === reference);
      if (clash) {
        throw DomainError.badInput([
          {
            path: 'system.contractReference',
            message: `is already used by the entry at rank ${clash.rank}`,
          },
        ]);
      }
      const replaced = current.filter((s) => s.rank === entry.rank);
      const [id] = matchEntries(replaced, [entry]);
      const [added] = await this.entries.fromInput(em, [entry], 'system', [id]);
      const written = await this.writer.write(em, borough, principal, 'upsert', [
        ...(await this.entries.fromRows(em, kept)),
        added,
      ]);
      return written.submission;
    });
  }

  async remove(
    principal: Principal,
    gssCode: string,
    rank: number,
    expectedVersion?: number | null,
  ): Promise<Submission> {
    await this.checkAccess(principal, gssCode);
    const errors = new FieldErrors();
    checkInput(RemoveSystemArgs, { gssCode, rank, expectedVersion }, '', errors);
    errors.throwIfAny();
    return this.db.transaction(async (em) => {
      const { borough, current } = await this.open(em, gssCode, expectedVersion);
      if (!current.some((s) => s.rank === rank)) {
        throw DomainError.notFound(`${borough.shortName} has no entry at rank ${rank}`);
      }
      const kept = current.filter((s) => s.rank !== rank);
      const written = await this.writer.write(
        em,
        borough,
        principal,
        'remove',
        await this.entries.fromRows(em, kept),
      );
      return written.submission;
    });
  }

  /**
   * Confirms a borough's list unchanged at the version its lead has just read (DESIGN §11): no
   * new version, audited; CONFLICT when the list has moved on since.
   */
  async confirm(principal: Principal, gssCode: string, expectedVersion: number): Promise<Borough> {
    authorise(principal, Action.IMPORT, { gssCode });
    const errors = new FieldErrors();
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      errors.add('expectedVersion', 'must be the version of the list, a whole number 0 or more');
    }
    errors.throwIfAny();
    return this.db.transaction(async (em) => {
      const { borough } = await this.open(em, gssCode, expectedVersion);
      if (borough.version === 0) {
        throw DomainError.badInput([
          {
            path: 'gssCode',
            message: `${borough.shortName} has no list yet to confirm: submit one`,
          },
        ]);
      }
      return this.writer.confirm(em, borough, principal);
    });
  }

  private async checkAccess(principal: Principal, gssCode: string): Promise<void> {
    authorise(principal, Action.CHANGE_LIST, { gssCode });
    await this.db.read((em) => this.boroughs.requireByGss(em, gssCode));
  }

  private async categoryCodes(): Promise<Set<string>> {
    const categories = await this.db.read((em) => this.categories.all(em));
    return new Set(categories.map((c) => c.code));
  }

  /**
   * Locks the borough's row for the rest of the transaction, checks the version the caller last
   * read, and reads the current list.
   */
  private async open(
    em: EntityManager,
    gssCode: string,
    expectedVersion?: number | null,
  ): Promise<{ borough: Borough; current: ItSystem[] }> {
    const borough = await this.boroughs.lockByGss(em, gssCode);
    await this.entries.keepSuppliers(em);
    if (
      expectedVersion !== undefined &&
      expectedVersion !== null &&
      expectedVersion !== borough.version
    ) {
      throw DomainError.conflict(
        `${borough.shortName}'s list is at version ${borough.version}, not ${expectedVersion}: someone else changed it. Reload it and submit again.`,
        { currentVersion: borough.version },
      );
    }
    return { borough, current: await this.writer.currentList(em, borough.id) };
  }
}

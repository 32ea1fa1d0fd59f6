import { Injectable } from '@nestjs/common';
import { Action, authorise } from '../access/policy';
import { Principal } from '../access/principal';
import { CategoriesRepository } from '../categories/categories.repository';
import { DomainError, FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { checkList, tidyEntry } from '../systems/check-entries';
import { EntryChangeKind } from '../submissions/list-writer';
import { SubmissionsService } from '../submissions/submissions.service';
import { EntryValues } from '../systems/systems.repository';
import { CsvImport } from './models/csv-import.model';
import { inSpreadsheetTerms, readTopSystemsCsv } from './read-top-systems';
import { COLUMNS } from './top-systems-columns';

/** The column a stored field is read from: references by the column that names them. */
const COLUMN_OF: Readonly<Record<keyof EntryValues, string>> = {
  ...(Object.fromEntries(COLUMNS.filter((c) => c.field).map((c) => [c.field, c.header])) as Record<
    keyof EntryValues,
    string
  >),
  categoryId: 'category',
  supplierId: 'supplier',
  productId: 'product',
};

/**
 * A borough's list from a spreadsheet (DESIGN §7): read by the spreadsheet's rules, then written
 * exactly as a submitted list (identity matching, a new version, CONFLICT, audit), all or nothing.
 */
@Injectable()
export class CsvImportService {
  constructor(
    private readonly db: Database,
    private readonly categories: CategoriesRepository,
    private readonly submissions: SubmissionsService,
  ) {}

  async importCsv(
    principal: Principal,
    gssCode: string,
    csv: string,
    expectedVersion: number | null | undefined,
    dryRun: boolean,
  ): Promise<CsvImport> {
    authorise(principal, Action.IMPORT, { gssCode });
    const categories = await this.db.read((em) => this.categories.all(em));
    const list = await readTopSystemsCsv(csv, categories);
    if (list.badCells.length) {
      // Every problem at once: the bad cells, and what the list's rules say of the rest.
      const errors = new FieldErrors();
      checkList(list.entries.map(tidyEntry), new Set(categories.map((c) => c.code)), errors);
      const rules = errors.isEmpty
        ? []
        : (inSpreadsheetTerms(DomainError.badInput([...errors.list]), list) as DomainError)
            .fieldErrors;
      const bad = new Set(list.badCells.map((e) => e.path));
      throw DomainError.badInput([...list.badCells, ...rules.filter((e) => !bad.has(e.path))]);
    }
    let result;
    try {
      result = await this.submissions.replace(principal, gssCode, list.entries, expectedVersion, {
        action: 'import',
        dryRun,
      });
    } catch (error) {
      throw inSpreadsheetTerms(error, list);
    }
    const { submission, changes } = result.written;
    const rowOfRank = new Map(list.entries.map((entry, i) => [entry.rank, list.rows[i]]));
    const count = (kind: EntryChangeKind) => changes.filter((c) => c.change === kind).length;
    return {
      dryRun: result.dryRun,
      version: result.dryRun ? null : submission.version,
      systems: submission.systems,
      created: count(EntryChangeKind.CREATED),
      updated: count(EntryChangeKind.UPDATED),
      unchanged: count(EntryChangeKind.UNCHANGED),
      retired: count(EntryChangeKind.RETIRED),
      changes: changes.map((c) => ({
        change: c.change,
        systemId: c.id,
        rank: c.rank,
        name: c.name,
        row: c.change === EntryChangeKind.RETIRED ? null : (rowOfRank.get(c.rank) ?? null),
        columns: [...new Set(c.fields.map((field) => COLUMN_OF[field]))],
      })),
    };
  }
}

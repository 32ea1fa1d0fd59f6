import { Injectable } from '@nestjs/common';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { Database } from '../database/database';
import { DEFAULT_HISTORY_LIMIT, SubmissionsArgs } from './dto/submissions.args';
import { Submission } from './submission.entity';
import { SubmissionsRepository } from './submissions.repository';

/** What a borough's list said, version by version (DESIGN §2: nothing is overwritten without a trace). */
@Injectable()
export class HistoryService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly submissions: SubmissionsRepository,
  ) {}

  /** Versions of a borough's list, newest first: a page of them. */
  history(args: SubmissionsArgs): Promise<Submission[]> {
    const errors = new FieldErrors();
    const { gssCode, limit, offset } = checkInput(SubmissionsArgs, args, '', errors);
    errors.throwIfAny();
    return this.db.read(async (em) =>
      this.submissions.history(em, (await this.boroughs.requireByGss(em, gssCode)).id, {
        limit: limit ?? DEFAULT_HISTORY_LIMIT,
        offset: offset ?? 0,
      }),
    );
  }

  /** The version in force at an instant ("what did Camden's list say on 1 March?"), or null before the first. */
  versionAt(gssCode: string, at: Date): Promise<Submission | null> {
    return this.db.read(async (em) =>
      this.submissions.versionAt(em, (await this.boroughs.requireByGss(em, gssCode)).id, at),
    );
  }
}

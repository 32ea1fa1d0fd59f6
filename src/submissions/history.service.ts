import { Injectable } from '@nestjs/common';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { Database } from '../database/database';
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

  /** Versions of a borough's list, newest first. */
  history(gssCode: string): Promise<Submission[]> {
    return this.db.read(async (em) =>
      this.submissions.history(em, (await this.boroughs.requireByGss(em, gssCode)).id),
    );
  }

  /** The version in force at an instant ("what did Camden's list say on 1 March?"), or null before the first. */
  versionAt(gssCode: string, at: Date): Promise<Submission | null> {
    return this.db.read(async (em) =>
      this.submissions.versionAt(em, (await this.boroughs.requireByGss(em, gssCode)).id, at),
    );
  }
}

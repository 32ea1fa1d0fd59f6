import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { Submission } from './submission.entity';

/** The `submission` table, the history of every list: the one place that reads and writes it. */
@Injectable()
export class SubmissionsRepository {
  /** Versions of a borough's list, newest first: `limit` of them from `offset`. */
  history(
    em: EntityManager,
    boroughId: string,
    { limit, offset }: { limit: number; offset: number },
  ): Promise<Submission[]> {
    return em
      .createQueryBuilder(Submission, 's')
      .where({ boroughId })
      .orderBy('s.version', 'DESC')
      .limit(limit)
      .offset(offset)
      .getMany();
  }

  /** The version in force at an instant, or null before the first. */
  versionAt(em: EntityManager, boroughId: string, at: Date): Promise<Submission | null> {
    return em.findOne(Submission, {
      where: { boroughId, submittedAt: LessThanOrEqual(at) },
      order: { version: 'DESC' },
    });
  }

  async add(em: EntityManager, submission: Submission): Promise<void> {
    await em.insert(Submission, submission);
  }
}

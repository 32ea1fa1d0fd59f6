import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { CalendarFeed } from './calendar-feed.entity';

/** The `calendar_feed` table: the one place that reads and writes it. */
@Injectable()
export class CalendarFeedsRepository {
  async add(em: EntityManager, feed: CalendarFeed): Promise<void> {
    await em.insert(CalendarFeed, feed);
  }

  /** Every feed, revoked ones included, oldest first. */
  all(em: EntityManager): Promise<CalendarFeed[]> {
    return em.find(CalendarFeed, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(em: EntityManager, id: string): Promise<CalendarFeed | null> {
    return em.findOneBy(CalendarFeed, { id });
  }

  /** The unrevoked feed whose token has this hash, if any. */
  findUnrevokedByHash(em: EntityManager, tokenHash: string): Promise<CalendarFeed | null> {
    return em.findOneBy(CalendarFeed, { tokenHash, revokedAt: IsNull() });
  }

  async revoke(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(CalendarFeed, { id }, { revokedAt: at });
  }
}

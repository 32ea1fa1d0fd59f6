import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual, MoreThan } from 'typeorm';
import { AuthSetting } from './auth-setting.entity';
import { ConsoleSession } from './console-session.entity';

/** The `console_session` and `auth_setting` tables: the one place that reads and writes them. */
@Injectable()
export class ConsoleSessionsRepository {
  async add(em: EntityManager, session: ConsoleSession): Promise<void> {
    await em.insert(ConsoleSession, session);
  }

  /** The session with this id hash, unless it has expired. */
  findLive(em: EntityManager, idHash: string, now: Date): Promise<ConsoleSession | null> {
    return em.findOneBy(ConsoleSession, { idHash, expiresAt: MoreThan(now) });
  }

  async remove(em: EntityManager, idHash: string): Promise<void> {
    await em.delete(ConsoleSession, { idHash });
  }

  async removeExpired(em: EntityManager, now: Date): Promise<void> {
    await em.delete(ConsoleSession, { expiresAt: LessThanOrEqual(now) });
  }

  async cookieSigningKey(em: EntityManager): Promise<string> {
    return (await em.findOneByOrFail(AuthSetting, { name: 'cookie_signing_key' })).value;
  }
}

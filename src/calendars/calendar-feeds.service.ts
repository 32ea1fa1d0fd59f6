import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Action, authorise, can } from '../access/policy';
import { Principal } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { unknownGssCode } from '../boroughs/borough-codes';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { Clock } from '../common/clock';
import { DomainError, FieldErrors } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { hashSecret } from '../http/bearer';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedsRepository } from './calendar-feeds.repository';

export const MAX_LABEL_LENGTH = 200;

/** A feed with the borough it covers, as the API shows it. */
export interface ListedFeed extends CalendarFeed {
  /** Null: every borough. */
  gssCode: string | null;
}

/** The path of a feed's URL, whose last segment carries the secret token. */
export const feedPath = (token: string): string => `/calendar/${token}.ics`;

/**
 * Calendar feeds (DESIGN §6, §7): admins and coordinators make and revoke feeds of any scope, a
 * borough lead only of its own borough. The token is 32 random bytes, shown once in the URL and
 * stored only as its SHA-256, like an API key's secret; it opens its feed and nothing else.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly feeds: CalendarFeedsRepository,
    private readonly boroughs: BoroughsRepository,
  ) {}

  async create(
    principal: Principal,
    gssCode: string | null,
    label: string | null,
  ): Promise<ListedFeed> {
    const token = randomBytes(32).toString('base64url');
    const feed = await this.db.transaction(async (em) => {
      const errors = new FieldErrors();
      const given = label?.trim() ?? '';
      if (given.length > MAX_LABEL_LENGTH) {
        errors.add('label', `must be at most ${MAX_LABEL_LENGTH} characters`);
      }
      const borough = gssCode === null ? null : await this.boroughs.findByGss(em, gssCode);
      if (gssCode !== null && !borough) errors.add('gssCode', unknownGssCode(gssCode));
      errors.throwIfAny();
      // A lead may make a feed of its own borough only: every borough is not its own.
      authorise(principal, Action.EXPORT, { gssCode });
      const now = this.clock.now();
      const created: CalendarFeed = {
        id: randomUUID(),
        label: given || `Calendar of ${borough?.shortName ?? 'every borough'}`,
        boroughId: borough?.id ?? null,
        tokenHash: hashSecret(token),
        createdAt: now,
        createdByKeyId: principal.keyId,
        createdBy: principal.label.slice(0, 200),
        revokedAt: null,
      };
      await this.feeds.add(em, created);
      await audit(em, principal, now, {
        action: 'calendar.create',
        boroughId: created.boroughId,
        targetId: created.id,
        after: { label: created.label, gssCode },
      });
      return created;
    });
    const publicUrl = this.config.PUBLIC_URL.replace(/\/+$/, '');
    return { ...feed, gssCode, url: `${publicUrl}${feedPath(token)}` };
  }

  /**
   * The feeds `principal` may manage, revoked ones included (with `revokedAt`), so a lead can see
   * that an old URL was turned off and by whom; oldest first. Never a token.
   */
  async list(principal: Principal): Promise<ListedFeed[]> {
    const { feeds, gssCodes } = await this.db.read(async (em) => {
      const feeds = await this.feeds.all(em);
      const ids = [...new Set(feeds.flatMap((f) => (f.boroughId ? [f.boroughId] : [])))];
      const boroughs = await this.boroughs.byIds(em, ids);
      return { feeds, gssCodes: new Map(boroughs.map((b) => [b.id, b.gssCode])) };
    });
    return feeds
      .map((feed) => ({
        ...feed,
        gssCode: feed.boroughId ? (gssCodes.get(feed.boroughId) ?? null) : null,
        url: null,
      }))
      .filter((feed) => can(principal, Action.EXPORT, { gssCode: feed.gssCode }));
  }

  /**
   * Revokes a feed: its URL answers 404 from then on. Revoking a revoked feed changes nothing and
   * answers true as well. NOT_FOUND for an unknown id, FORBIDDEN for another borough's feed.
   */
  async revoke(principal: Principal, id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const feed = await this.feeds.findById(em, id);
      if (!feed) throw DomainError.notFound(`No calendar feed has id ${id}`);
      const [borough] = feed.boroughId ? await this.boroughs.byIds(em, [feed.boroughId]) : [];
      authorise(principal, Action.EXPORT, { gssCode: borough?.gssCode ?? null });
      if (feed.revokedAt) return true;
      const now = this.clock.now();
      await this.feeds.revoke(em, id, now);
      await audit(em, principal, now, {
        action: 'calendar.revoke',
        boroughId: feed.boroughId,
        targetId: id,
        before: { label: feed.label, gssCode: borough?.gssCode ?? null },
      });
      return true;
    });
  }

  /** The unrevoked feed a token opens, with its borough (null: every borough); null for none. */
  async open(
    token: string,
  ): Promise<{ feed: CalendarFeed; gssCode: string | null; name: string } | null> {
    return this.db.read(async (em) => {
      const feed = await this.feeds.findUnrevokedByHash(em, hashSecret(token));
      if (!feed) return null;
      const [borough] = feed.boroughId ? await this.boroughs.byIds(em, [feed.boroughId]) : [];
      if (feed.boroughId && !borough) return null;
      return {
        feed,
        gssCode: borough?.gssCode ?? null,
        name: borough?.shortName ?? 'every borough',
      };
    });
  }
}

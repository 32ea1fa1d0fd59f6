import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Action, authorise, can } from '../access/policy';
import { Principal } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { unknownGssCode } from '../boroughs/borough-codes';
import { unknownCategoryCode } from '../categories/category-codes';
import { Clock } from '../common/clock';
import { DomainError, FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { Database } from '../database/database';
import { AlertSubscription } from './alert-subscription.entity';
import { AlertSubscriptionsRepository, SubscriptionValues } from './alert-subscriptions.repository';
import { DEFAULT_LEAD_DAYS } from './due-milestones';
import { AlertSubscriptionInput, checkLeadDays } from './dto/alert-subscription.input';
import { OutboxRepository } from './outbox.repository';
import { SubscriptionReferences } from './subscription-references';

/**
 * Alert subscriptions (DESIGN §5, §6). Admins and coordinators manage any; a borough lead only
 * subscriptions to its own borough that its own key created.
 */
@Injectable()
export class AlertSubscriptionsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly subscriptions: AlertSubscriptionsRepository,
    private readonly outbox: OutboxRepository,
    private readonly references: SubscriptionReferences,
  ) {}

  /** The subscriptions `principal` may manage, oldest first. */
  async list(principal: Principal): Promise<AlertSubscription[]> {
    const listed = await this.db.read((em) => this.subscriptions.listed(em));
    return listed.filter((s) =>
      can(principal, Action.MANAGE_SUBSCRIPTIONS, { ownerKeyId: s.createdByKeyId }),
    );
  }

  async create(principal: Principal, input: AlertSubscriptionInput): Promise<AlertSubscription> {
    return this.db.transaction(async (em) => {
      const now = this.clock.now();
      const values = await this.checked(em, principal, input, { active: true, at: now });
      const subscription = em.create(AlertSubscription, {
        id: randomUUID(),
        ...values,
        createdByKeyId: principal.keyId,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await this.subscriptions.add(em, subscription);
      await audit(em, principal, now, {
        action: 'subscription.create',
        boroughId: subscription.boroughId,
        targetId: subscription.id,
        after: described(subscription),
      });
      return subscription;
    });
  }

  /** Changes what a subscription asks for; what was already sent stays sent. */
  async update(
    principal: Principal,
    id: string,
    input: AlertSubscriptionInput,
  ): Promise<AlertSubscription> {
    return this.db.transaction(async (em) => {
      const subscription = await this.owned(em, principal, id);
      const now = this.clock.now();
      const values = await this.checked(em, principal, input, {
        active: subscription.active,
        at: now,
        unsubscribedAt: subscription.unsubscribedAt,
      });
      const before = described(subscription);
      Object.assign(subscription, values, { updatedAt: now });
      await audit(em, principal, subscription.updatedAt, {
        action: 'subscription.update',
        boroughId: subscription.boroughId,
        targetId: id,
        before,
        after: described(subscription),
      });
      await this.subscriptions.update(em, id, values, subscription.updatedAt);
      // Turned off, its emails still to go are cancelled, as by the unsubscribe link; else they
      // follow the subscription to its new address.
      if (values.active) await this.outbox.readdressUnsent(em, id, values.email);
      else await this.outbox.cancelPending(em, id);
      // Turned back on: what was cancelled while it was off is told at the next run.
      if (values.active && !before.active) await this.outbox.releaseCancelled(em, id);
      return subscription;
    });
  }

  async delete(principal: Principal, id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const subscription = await this.owned(em, principal, id);
      const now = this.clock.now();
      await this.subscriptions.markDeleted(em, subscription.id, now);
      await this.outbox.cancelPending(em, subscription.id);
      await audit(em, principal, now, {
        action: 'subscription.delete',
        boroughId: subscription.boroughId,
        targetId: id,
        before: described(subscription),
      });
      return true;
    });
  }

  /**
   * The subscription an unsubscribe link names, deleted or not (as `unsubscribe` finds it), so the
   * confirmation page can say which address it stops; null if there is no such subscription.
   */
  async forUnsubscribeLink(id: string): Promise<AlertSubscription | null> {
    return this.db.read((em) => this.subscriptions.findById(em, id));
  }

  /** One-click unsubscribe from an email link: no key, the signed token is the authority. */
  async unsubscribe(id: string): Promise<AlertSubscription | null> {
    return this.db.transaction(async (em) => {
      const subscription = await this.subscriptions.findById(em, id);
      if (!subscription) return null;
      if (subscription.active) {
        const now = this.clock.now();
        await this.subscriptions.markUnsubscribed(em, id, now);
        subscription.active = false;
        await audit(em, UNSUBSCRIBE_LINK, now, {
          action: 'subscription.unsubscribe',
          boroughId: subscription.boroughId,
          targetId: id,
          after: described(subscription),
        });
      }
      await this.outbox.cancelPending(em, id);
      return subscription;
    });
  }

  /** The subscription, not deleted, if `principal` may manage it: NOT_FOUND, else FORBIDDEN. */
  private async owned(
    em: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<AlertSubscription> {
    const subscription = await this.subscriptions.findListed(em, id);
    if (!subscription) throw DomainError.notFound(`No alert subscription has id ${id}`);
    authorise(principal, Action.MANAGE_SUBSCRIPTIONS, { ownerKeyId: subscription.createdByKeyId });
    return subscription;
  }

  /**
   * The one validation of an input: the rules on its class, each lead day, and the codes it names
   * against the register, every bad field in one error; then whether `principal` may subscribe to
   * that borough (a borough lead: only its own, never every borough).
   */
  private async checked(
    em: EntityManager,
    principal: Principal,
    raw: AlertSubscriptionInput,
    current: { active: boolean; at: Date; unsubscribedAt?: Date | null },
  ): Promise<SubscriptionValues> {
    const errors = new FieldErrors();
    const input = checkInput(
      AlertSubscriptionInput,
      { ...raw, email: raw.email?.trim() },
      'input',
      errors,
    );
    const gssCode = input.gssCode ?? null;
    const codes = input.categoryCodes ?? [];
    checkLeadDays(input.leadDays ?? [], 'input.leadDays', errors);
    const known = await this.references.known(em, gssCode, codes);
    if (gssCode !== null && !known.borough) errors.add('input.gssCode', unknownGssCode(gssCode));
    codes.forEach((code, i) => {
      if (!known.categoryCodes.has(code))
        errors.add(`input.categoryCodes.${i}`, unknownCategoryCode(code));
    });
    errors.throwIfAny();
    authorise(principal, Action.MANAGE_SUBSCRIPTIONS, { gssCode });
    return {
      email: input.email,
      boroughId: known.borough?.id ?? null,
      leadDays: [...(input.leadDays ?? DEFAULT_LEAD_DAYS)].sort((a, b) => b - a),
      categoryCodes: codes.length ? codes : null,
      ...switched(current, input.active ?? current.active),
    };
  }
}

/**
 * A subscription's state once `active` is applied: turned off, it is unsubscribed from then (as by
 * the link); turned back on, it is subscribed again; unchanged, it keeps when it was turned off.
 */
function switched(
  current: { active: boolean; at: Date; unsubscribedAt?: Date | null },
  active: boolean,
): Pick<SubscriptionValues, 'active' | 'unsubscribedAt'> {
  if (active === current.active) return { active, unsubscribedAt: current.unsubscribedAt ?? null };
  return { active, unsubscribedAt: active ? null : current.at };
}

/** Who acts when someone follows the unsubscribe link of an email: no key, the signed link. */
const UNSUBSCRIBE_LINK = { keyId: null, label: 'Unsubscribe link in an alert email' };

const described = (s: AlertSubscription) => ({
  email: s.email,
  boroughId: s.boroughId,
  leadDays: s.leadDays,
  categoryCodes: s.categoryCodes,
  active: s.active,
});

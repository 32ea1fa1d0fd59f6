import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { EntityManager, In, IsNull } from 'typeorm';
import { audit } from '../audit/audit-log';
import { Role } from '../access/role';
import { Principal } from '../access/principal';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { DomainError, FieldErrors } from '../common/domain-error';
import { validateInto } from '../common/validation';
import { Database } from '../database/database';
import { OutboxEmail, OutboxStatus } from './alert-outbox.entity';
import { AlertSubscription } from './alert-subscription.entity';
import { DEFAULT_LEAD_DAYS } from './due-milestones';
import { AlertSubscriptionInput } from './dto/alert-subscription.input';

/**
 * Alert subscriptions (DESIGN §5, §6). Admins and coordinators manage any; a borough lead only
 * subscriptions to its own borough that its own key created.
 */
@Injectable()
export class AlertSubscriptionsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal): Promise<AlertSubscription[]> {
    return this.db.read(async (em) => {
      const where =
        principal.role === Role.BOROUGH_LEAD
          ? { deletedAt: IsNull(), createdByKeyId: principal.keyId ?? '' }
          : { deletedAt: IsNull() };
      return em.find(AlertSubscription, { where, order: { createdAt: 'ASC', id: 'ASC' } });
    });
  }

  async create(principal: Principal, input: AlertSubscriptionInput): Promise<AlertSubscription> {
    return this.db.transaction(async (em) => {
      const values = await this.checked(em, principal, input);
      const now = this.clock.now();
      const subscription = em.create(AlertSubscription, {
        id: randomUUID(),
        ...values,
        active: true,
        createdByKeyId: principal.keyId,
        createdAt: now,
        updatedAt: now,
        unsubscribedAt: null,
        deletedAt: null,
      });
      await em.insert(AlertSubscription, subscription);
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
      const values = await this.checked(em, principal, input);
      const before = described(subscription);
      Object.assign(subscription, values, { updatedAt: this.clock.now() });
      await audit(em, principal, subscription.updatedAt, {
        action: 'subscription.update',
        boroughId: subscription.boroughId,
        targetId: id,
        before,
        after: described(subscription),
      });
      await em.update(AlertSubscription, { id }, { ...values, updatedAt: subscription.updatedAt });
      // Emails still to go follow the subscription to its new address.
      await em.update(
        OutboxEmail,
        { subscriptionId: id, status: In([OutboxStatus.PENDING, OutboxStatus.FAILED]) },
        { to: values.email },
      );
      return subscription;
    });
  }

  async delete(principal: Principal, id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const subscription = await this.owned(em, principal, id);
      const now = this.clock.now();
      await em.update(
        AlertSubscription,
        { id: subscription.id },
        { deletedAt: now, active: false, updatedAt: now },
      );
      await cancelPending(em, subscription.id);
      await audit(em, principal, now, {
        action: 'subscription.delete',
        boroughId: subscription.boroughId,
        targetId: id,
        before: described(subscription),
      });
      return true;
    });
  }

  /** One-click unsubscribe from an email link: no key, the signed token is the authority. */
  async unsubscribe(id: string): Promise<AlertSubscription | null> {
    return this.db.transaction(async (em) => {
      const subscription = await em.findOneBy(AlertSubscription, { id });
      if (!subscription) return null;
      if (subscription.active) {
        const now = this.clock.now();
        await em.update(
          AlertSubscription,
          { id },
          { active: false, unsubscribedAt: now, updatedAt: now },
        );
        subscription.active = false;
        await audit(em, UNSUBSCRIBE_LINK, now, {
          action: 'subscription.unsubscribe',
          boroughId: subscription.boroughId,
          targetId: id,
          after: described(subscription),
        });
      }
      await cancelPending(em, id);
      return subscription;
    });
  }

  private async owned(
    em: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<AlertSubscription> {
    const subscription = await em.findOneBy(AlertSubscription, { id, deletedAt: IsNull() });
    if (!subscription) throw DomainError.notFound(`No alert subscription has id ${id}`);
    if (principal.role === Role.BOROUGH_LEAD && subscription.createdByKeyId !== principal.keyId) {
      throw DomainError.forbidden(
        'A borough lead may only change the subscriptions its own key created',
      );
    }
    return subscription;
  }

  private async checked(em: EntityManager, principal: Principal, raw: AlertSubscriptionInput) {
    const input = plainToInstance(AlertSubscriptionInput, { ...raw, email: raw.email?.trim() });
    const errors = new FieldErrors();
    validateInto(input, 'input', errors);
    const leadDays = input.leadDays ?? DEFAULT_LEAD_DAYS;
    leadDays.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 1 || d > 1095)
        errors.add(`input.leadDays.${i}`, 'must be a whole number of days from 1 to 1095');
      else if (leadDays.indexOf(d) !== i) errors.add(`input.leadDays.${i}`, `repeats ${d}`);
    });
    let boroughId: string | null = null;
    if (input.gssCode !== undefined && input.gssCode !== null) {
      const borough = await em.findOneBy(Borough, { gssCode: input.gssCode });
      if (!borough)
        errors.add('input.gssCode', `is not a known borough GSS code ("${input.gssCode}")`);
      boroughId = borough?.id ?? null;
    }
    const codes = input.categoryCodes ?? null;
    if (codes?.length) {
      const known = new Set((await em.findBy(Category, { code: In(codes) })).map((c) => c.code));
      codes.forEach((code, i) => {
        if (!known.has(code))
          errors.add(`input.categoryCodes.${i}`, `is not a known category code ("${code}")`);
      });
    }
    errors.throwIfAny();
    if (principal.role === Role.BOROUGH_LEAD && input.gssCode !== principal.boroughGssCode) {
      throw DomainError.forbidden(
        `A borough lead may only subscribe to its own borough (${principal.boroughGssCode})`,
      );
    }
    return {
      email: input.email,
      boroughId,
      leadDays: [...leadDays].sort((a, b) => b - a),
      categoryCodes: codes?.length ? codes : null,
    };
  }
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

/**
 * Emails not yet sent to a subscription that no longer wants them are never sent: pending ones,
 * and failed ones an admin might otherwise re-queue.
 */
export async function cancelPending(em: EntityManager, subscriptionId: string): Promise<void> {
  await em.update(
    OutboxEmail,
    { subscriptionId, status: In([OutboxStatus.PENDING, OutboxStatus.FAILED]) },
    { status: OutboxStatus.CANCELLED, claimedUntil: null },
  );
}

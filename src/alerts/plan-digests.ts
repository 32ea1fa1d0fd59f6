import { daysBetween } from '../common/dates';
import { DigestItem } from './digest';
import { DueItem, dueMilestones } from './due-milestones';

/** A subscription as a run plans for it. */
export interface PlanSubscription {
  id: string;
  email: string;
  /** Null: every borough. */
  boroughId: string | null;
  leadDays: readonly number[];
  /** Null: every category. */
  categoryCodes: readonly string[] | null;
}

/**
 * A current contract whose key date may be due, with the names a person reads it by: enough to
 * scope it by borough and category, count down to its key date and describe it in an email.
 */
export interface PlanContract {
  id: string;
  boroughId: string;
  categoryCode: string;
  name: string;
  contractEnd: string;
  noticePeriodDays: number | null;
  maxExtentDate: string | null;
  supplierName: string;
  productName: string | null;
  /** Where it is seen in the register. */
  url: string;
}

/** The smallest milestone a subscription was already alerted at for a system and key date. */
export interface SentMilestone {
  subscriptionId: string;
  systemId: string;
  keyDate: string;
  milestone: number;
}

/** A cluster as a digest mentions it beside each of its members. */
export interface ClusterNote {
  key: string;
  window: { start: string; end: string };
  actionBy: string;
  boroughIds: readonly string[];
  systemIds: readonly string[];
}

/** What a run has read: everything it plans from. */
export interface DigestInputs {
  /** Active subscriptions, in the order their digests are queued. */
  subscriptions: readonly PlanSubscription[];
  contracts: readonly PlanContract[];
  sent: readonly SentMilestone[];
  /** Each borough's short name, by id. */
  boroughNames: ReadonlyMap<string, string>;
  clusters: readonly ClusterNote[];
}

/** One item of a digest: what is recorded as sent, and what the email says about it. */
export interface PlannedItem {
  due: DueItem;
  digest: DigestItem;
}

/** One subscription's digest: its due items, by key date. */
export interface DigestPlan {
  subscriptionId: string;
  /** Where it goes. */
  to: string;
  /** The subscription's borough, named in the subject; null for every borough. */
  scopeName: string | null;
  /** The day its days left are counted from. */
  today: string;
  items: PlannedItem[];
}

/**
 * What each subscription is told in a run for `asOf` (DESIGN §5): per subscription with something
 * due, the items of its digest, in the order of the subscriptions. A catch-up run (`asOf` before
 * `today`) decides the milestones as of its day, but counts the days left from today and leaves
 * out key dates already past; a dry run for a later day speaks as of that day.
 */
export function planDigests(inputs: DigestInputs, asOf: string, today: string): DigestPlan[] {
  const reference = asOf > today ? asOf : today;
  const contracts = new Map(inputs.contracts.map((c) => [c.id, c]));
  const sent = sentBySubscription(inputs.sent);
  const clusterOf = new Map<string, ClusterNote>();
  for (const cluster of inputs.clusters) {
    for (const systemId of cluster.systemIds) clusterOf.set(systemId, cluster);
  }

  const plans: DigestPlan[] = [];
  for (const subscription of inputs.subscriptions) {
    const inScope = inputs.contracts.filter(
      (c) =>
        (subscription.boroughId === null || c.boroughId === subscription.boroughId) &&
        (subscription.categoryCodes === null ||
          subscription.categoryCodes.includes(c.categoryCode)),
    );
    const due = dueMilestones(
      subscription.leadDays,
      inScope,
      sent.get(subscription.id) ?? new Map(),
      asOf,
    )
      .filter((item) => item.keyDate > reference)
      .map((item) => ({ ...item, daysLeft: daysBetween(reference, item.keyDate) }));
    if (due.length === 0) continue;
    plans.push({
      subscriptionId: subscription.id,
      to: subscription.email,
      scopeName: subscription.boroughId
        ? (inputs.boroughNames.get(subscription.boroughId) ?? null)
        : null,
      today: reference,
      items: due.map((item) => ({
        due: item,
        digest: digestItem(
          item,
          contracts.get(item.systemId)!,
          inputs.boroughNames,
          clusterOf.get(item.systemId),
        ),
      })),
    });
  }
  return plans;
}

/** Per subscription, the smallest milestone sent by `${systemId}|${keyDate}`, as dueMilestones reads it. */
function sentBySubscription(rows: readonly SentMilestone[]): Map<string, Map<string, number>> {
  const sent = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const forSubscription = sent.get(row.subscriptionId) ?? new Map<string, number>();
    forSubscription.set(`${row.systemId}|${row.keyDate}`, row.milestone);
    sent.set(row.subscriptionId, forSubscription);
  }
  return sent;
}

function digestItem(
  item: DueItem,
  contract: PlanContract,
  boroughNames: ReadonlyMap<string, string>,
  cluster: ClusterNote | undefined,
): DigestItem {
  return {
    systemName: contract.name,
    boroughName: boroughNames.get(contract.boroughId) ?? '',
    url: contract.url,
    supplierName: contract.supplierName,
    productName: contract.productName,
    contractEnd: contract.contractEnd,
    maxExtentDate: contract.maxExtentDate,
    noticeDeadline: contract.noticePeriodDays ? item.keyDate : null,
    keyDate: item.keyDate,
    daysLeft: item.daysLeft,
    cluster: cluster
      ? {
          key: cluster.key,
          window: cluster.window,
          actionBy: cluster.actionBy,
          otherBoroughs: cluster.boroughIds
            .filter((id) => id !== contract.boroughId)
            .map((id) => boroughNames.get(id) ?? id)
            .sort(),
        }
      : null,
  };
}

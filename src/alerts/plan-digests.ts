import { firstStaleDay } from '../boroughs/freshness';
import { addDays, daysBetween } from '../common/dates';
import { keyDate } from '../systems/key-date';
import { RenewalDecision } from '../systems/renewal-decision';
import { DigestItem, StaleListNote } from './digest';
import { DueItem, dueMilestones } from './due-milestones';

/**
 * The milestone under which a passed key date without a decision is recorded (DESIGN §11): below
 * every lead, so it is told once per key date.
 */
export const AFTER_KEY_DATE = -1;

/** How far back a run looks for key dates passed without a decision: a year of them. */
export const UNDECIDED_LOOKBACK_DAYS = 365;

/** Where staleness periods of a list never confirmed are counted from. */
const NEVER_CONFIRMED_FROM = '2000-01-01';

/**
 * The staleness period a list is in on `asOf` (DESIGN §11), as its first day; null while the
 * list is fresh. A list becomes stale on its `firstStaleDay`, as `Borough.stale` says, and each
 * further `staleAfterDays` without a confirmation is a new period: one reminder each.
 */
export function stalePeriod(
  lastConfirmed: string | null,
  asOf: string,
  staleAfterDays: number,
): string | null {
  const first = lastConfirmed ? firstStaleDay(lastConfirmed, staleAfterDays) : NEVER_CONFIRMED_FROM;
  if (asOf < first) return null;
  const periods = Math.floor(daysBetween(first, asOf) / staleAfterDays);
  return addDays(first, periods * staleAfterDays);
}

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
  renewalDecision: RenewalDecision;
  /** Where it is seen in the register. */
  url: string;
}

/** A borough's list as a freshness reminder reads it. */
export interface PlanList {
  boroughId: string;
  /** The London date it was last changed or confirmed; null when never. */
  lastConfirmed: string | null;
  /** Its page in the console. */
  url: string;
}

/** That a subscription was already asked to confirm a borough's list for a staleness period. */
export interface SentReminder {
  subscriptionId: string;
  boroughId: string;
  periodStart: string;
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
  /** Every borough's list, for reminders to confirm it. */
  lists: readonly PlanList[];
  sentReminders: readonly SentReminder[];
  staleAfterDays: number;
}

/** One item of a digest: what is recorded as sent, and what the email says about it. */
export interface PlannedItem {
  due: DueItem;
  digest: DigestItem;
}

/** A reminder to confirm a stale list: what is recorded as sent, and what the email says. */
export interface PlannedReminder {
  boroughId: string;
  periodStart: string;
  note: StaleListNote;
}

/** One subscription's digest: its due items, by key date, and what DESIGN §11 asks for. */
export interface DigestPlan {
  subscriptionId: string;
  /** Where it goes. */
  to: string;
  /** The subscription's borough, named in the subject; null for every borough. */
  scopeName: string | null;
  /** The day its days left are counted from. */
  today: string;
  items: PlannedItem[];
  /** Contracts whose key date passed while UNDECIDED, recorded under AFTER_KEY_DATE. */
  undecided: PlannedItem[];
  reminders: PlannedReminder[];
}

/** Everything a digest carries: what a run counts. */
export const itemCount = (plan: DigestPlan) =>
  plan.items.length + plan.undecided.length + plan.reminders.length;

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

  const lists = new Map(inputs.lists.map((l) => [l.boroughId, l]));
  const reminded = new Set(
    inputs.sentReminders.map((r) => `${r.subscriptionId}|${r.boroughId}|${r.periodStart}`),
  );
  const lookback = addDays(asOf, -UNDECIDED_LOOKBACK_DAYS);

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
    const told = sent.get(subscription.id);
    // What DESIGN §11 asks a borough to do (record a decision, confirm its list) goes to the
    // subscriptions of that borough: a digest for every borough is the coordinating team's,
    // who read the register but do not change lists.
    const undecided: DueItem[] = (subscription.boroughId === null ? [] : inScope)
      .filter((c) => c.renewalDecision === RenewalDecision.UNDECIDED)
      .map((c) => ({ c, key: keyDate(c.contractEnd, c.noticePeriodDays) }))
      .filter(
        ({ c, key }) =>
          key < asOf && key >= lookback && told?.get(`${c.id}|${key}`) !== AFTER_KEY_DATE,
      )
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.c.id < b.c.id ? -1 : 1))
      .map(({ c, key }) => ({
        systemId: c.id,
        keyDate: key,
        milestone: AFTER_KEY_DATE,
        daysLeft: -daysBetween(key, reference),
      }));
    const reminders: PlannedReminder[] = [];
    const list = subscription.boroughId ? lists.get(subscription.boroughId) : undefined;
    const period = list && stalePeriod(list.lastConfirmed, asOf, inputs.staleAfterDays);
    if (list && period && !reminded.has(`${subscription.id}|${list.boroughId}|${period}`)) {
      reminders.push({
        boroughId: list.boroughId,
        periodStart: period,
        note: {
          boroughName: inputs.boroughNames.get(list.boroughId) ?? '',
          lastConfirmed: list.lastConfirmed,
          url: list.url,
        },
      });
    }
    if (due.length + undecided.length + reminders.length === 0) continue;
    const planned = (item: DueItem): PlannedItem => ({
      due: item,
      digest: digestItem(
        item,
        contracts.get(item.systemId)!,
        inputs.boroughNames,
        clusterOf.get(item.systemId),
      ),
    });
    plans.push({
      subscriptionId: subscription.id,
      to: subscription.email,
      scopeName: subscription.boroughId
        ? (inputs.boroughNames.get(subscription.boroughId) ?? null)
        : null,
      today: reference,
      items: due.map(planned),
      undecided: undecided.map(planned),
      reminders,
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

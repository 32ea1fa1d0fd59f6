import { daysBetween } from '../common/dates';
import { keyDate } from '../systems/key-date';

export const DEFAULT_LEAD_DAYS = [365, 180, 90, 30];

/**
 * The milestone a subscription is at for a key date: the smallest lead `d` with
 * keyDate − d ≤ asOf < keyDate, or null when none has been reached or the date has passed.
 */
export function currentMilestone(
  leadDays: readonly number[],
  key: string,
  asOf: string,
): number | null {
  if (asOf >= key) return null;
  const left = daysBetween(asOf, key);
  let current: number | null = null;
  for (const d of leadDays) if (d >= left && (current === null || d < current)) current = d;
  return current;
}

export interface AlertSystem {
  id: string;
  contractEnd: string;
  noticePeriodDays: number | null;
}

export interface DueItem {
  systemId: string;
  keyDate: string;
  milestone: number;
  /** Days from asOf to the key date. */
  daysLeft: number;
}

/**
 * What one subscription should be told about today (DESIGN §5). For each system in its scope the
 * current milestone is due unless the subscription was already alerted for that system and key
 * date at that or a smaller milestone: a contract entered 20 days before its key date gets the
 * 30-day alert once, not four; a changed end date or notice period is a new key date and starts
 * afresh. `sent` gives, per `${systemId}|${keyDate}`, the smallest milestone already alerted.
 */
export function dueMilestones(
  leadDays: readonly number[],
  systems: readonly AlertSystem[],
  sent: ReadonlyMap<string, number>,
  asOf: string,
): DueItem[] {
  const due: DueItem[] = [];
  for (const system of systems) {
    const key = keyDate(system.contractEnd, system.noticePeriodDays);
    const milestone = currentMilestone(leadDays, key, asOf);
    if (milestone === null) continue;
    const already = sent.get(`${system.id}|${key}`);
    if (already !== undefined && already <= milestone) continue;
    due.push({ systemId: system.id, keyDate: key, milestone, daysLeft: daysBetween(asOf, key) });
  }
  return due.sort((a, b) =>
    a.keyDate < b.keyDate ? -1 : a.keyDate > b.keyDate ? 1 : a.systemId < b.systemId ? -1 : 1,
  );
}

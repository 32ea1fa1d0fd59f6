import { longDate } from '../common/dates';
import { systemOnPageUrl } from '../boroughs/borough-page';
import { keyDate } from '../systems/key-date';
import type { NamedEntry } from '../systems/systems.service';

/**
 * The events of a calendar feed (DESIGN §7), as plain data: which dates a contract or a cluster
 * puts in a calendar, and the words a person reads there. No framework, no clock, no iCalendar
 * text: `ics-writer.ts` renders these with ical-generator.
 */

/** One all-day event. */
export interface FeedEvent {
  /**
   * The same for the same date of the same thing, fetch after fetch: built from the entry's id
   * (kept across list versions, reordering included) or the cluster's id, and the kind of date.
   * Calendar clients match events by UID, so a moved date moves the event instead of adding one.
   */
  uid: string;
  /** YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  url: string;
}

/** Where the feed's links point and what its UIDs end with. */
export interface FeedSite {
  publicUrl: string;
  /** The register's host name: UIDs are `<thing>@<host>` (RFC 5545 §3.8.4.7 suggests a domain). */
  host: string;
}

export const siteOf = (publicUrl: string): FeedSite => ({
  publicUrl: publicUrl.replace(/\/+$/, ''),
  host: new URL(publicUrl).hostname,
});

const dated = (date: string) => `${longDate(date)} (${date})`;

/** The kinds of date a contract puts in a calendar, as the summary names them. */
const SYSTEM_DATES = {
  'contract-end': 'contract end',
  'notice-deadline': 'notice deadline',
  'max-extent': 'extension options end',
} as const;

/**
 * A current entry's dates: its contract end; its notice deadline when it has a notice period (the
 * key date alerts count down to, `keyDate`); the date its extension options reach, when set.
 */
export function systemEvents(entry: NamedEntry, site: FeedSite): FeedEvent[] {
  const { system, borough, supplier, product, manufacturer, category } = entry;
  const url = systemOnPageUrl(site.publicUrl, borough.gssCode, system.id);
  const dates: [keyof typeof SYSTEM_DATES, string][] = [['contract-end', system.contractEnd]];
  if (system.noticePeriodDays) {
    dates.push(['notice-deadline', keyDate(system.contractEnd, system.noticePeriodDays)]);
  }
  if (system.maxExtentDate) dates.push(['max-extent', system.maxExtentDate]);

  const lines = [
    `${borough.name}: ${system.name} (${category.name})`,
    `Supplier: ${supplier.name}`,
    ...(product
      ? [`Product: ${product.name}${manufacturer ? ` (made by ${manufacturer.name})` : ''}`]
      : []),
    `Contract end: ${dated(system.contractEnd)}`,
    ...(system.noticePeriodDays
      ? [
          `Notice deadline: ${dated(keyDate(system.contractEnd, system.noticePeriodDays))}, ${system.noticePeriodDays} days' notice`,
        ]
      : []),
    ...(system.maxExtentDate ? [`Extension options reach: ${dated(system.maxExtentDate)}`] : []),
    ...(system.contractReference ? [`Contract reference: ${system.contractReference}`] : []),
    `In the register: ${url}`,
  ];
  const description = lines.join('\n');
  return dates.map(([kind, date]) => ({
    uid: `system-${system.id}-${kind}@${site.host}`,
    date,
    summary: `${borough.shortName}: ${SYSTEM_DATES[kind]}, ${system.name} (${supplier.name})`,
    description,
    url,
  }));
}

/** A cluster as its events tell it: the names already looked up. */
export interface FeedCluster {
  id: string;
  key: string;
  actionBy: string;
  lastChanceBy: string;
  leadTimeMonths: number;
  window: { start: string; end: string };
  /** By contract end, as the cluster lists them. */
  members: { boroughName: string; systemName: string; contractEnd: string }[];
}

/**
 * A cluster's two deadlines (DESIGN §4): `actionBy`, when to start a joint procurement so every
 * member ends in the window, and `lastChanceBy`, the last day one can still cover them all.
 */
export function clusterEvents(cluster: FeedCluster, site: FeedSite): FeedEvent[] {
  const url = `${site.publicUrl}/clusters/${encodeURIComponent(cluster.id)}`;
  const boroughs = new Set(cluster.members.map((m) => m.boroughName)).size;
  const description = [
    `${boroughs} boroughs can buy ${cluster.key} together:`,
    ...cluster.members.map(
      (m) => `- ${m.boroughName}: ${m.systemName}, contract end ${dated(m.contractEnd)}`,
    ),
    `Joint window: ${dated(cluster.window.start)} to ${dated(cluster.window.end)}`,
    `Act by: ${dated(cluster.actionBy)} (lead time ${cluster.leadTimeMonths} months)`,
    `Last chance: ${dated(cluster.lastChanceBy)}`,
    `In the register: ${url}`,
  ].join('\n');
  const event = (kind: string, date: string, what: string): FeedEvent => ({
    uid: `cluster-${cluster.id}-${kind}@${site.host}`,
    date,
    summary: `Joint procurement ${what}: ${cluster.key} (${boroughs} boroughs)`,
    description,
    url,
  });
  return [
    event('action-by', cluster.actionBy, 'act by'),
    event('last-chance', cluster.lastChanceBy, 'last chance'),
  ];
}

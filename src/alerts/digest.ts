import { daysBetween, longDate } from '../common/dates';
import { escapeHtml as escape } from '../common/html';

export interface DigestItem {
  systemName: string;
  boroughName: string;
  /** Where the contract is seen in the register. */
  url: string;
  supplierName: string;
  productName: string | null;
  contractEnd: string;
  maxExtentDate: string | null;
  /** The last day to give notice, when the contract has a notice period. */
  noticeDeadline: string | null;
  keyDate: string;
  daysLeft: number;
  cluster: {
    key: string;
    otherBoroughs: string[];
    window: { start: string; end: string };
    actionBy: string;
  } | null;
}

/** A borough's list not confirmed for a staleness period (DESIGN §11). */
export interface StaleListNote {
  boroughName: string;
  /** The London date it was last changed or confirmed; null when it never was. */
  lastConfirmed: string | null;
  /** The borough's page in the console, where it is confirmed or updated. */
  url: string;
}

/** What a digest asks for besides its due items: decisions to record and lists to confirm. */
export interface FollowUps {
  /** Contracts whose key date passed while UNDECIDED; `daysLeft` is negative. */
  undecided: DigestItem[];
  staleLists: StaleListNote[];
}

const NO_FOLLOW_UPS: FollowUps = { undecided: [], staleLists: [] };

/** What a digest needs besides its items. */
export interface DigestContext {
  /** The subscription's borough, named in the subject; null for every borough. */
  scopeName: string | null;
  /** The day the email's days are counted from. */
  today: string;
  unsubscribeUrl: string;
}

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function names(list: string[]): string {
  if (list.length <= 3)
    return list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  return `${list.slice(0, 2).join(', ')} and ${list.length - 2} more boroughs`;
}

/** "31 March 2027 (2027-03-31)": for people, with the ISO date a spreadsheet or search finds. */
const when = (date: string) => `${longDate(date)} (${date})`;

function clusterLine(cluster: NonNullable<DigestItem['cluster']>, today: string): string {
  // A procurement that should already have started is late: say so, never "start by" a past day.
  const late = daysBetween(cluster.actionBy, today);
  const start =
    late > 0
      ? `the joint procurement should have started by ${when(cluster.actionBy)}: overdue by ${days(late)}`
      : `start the joint procurement by ${when(cluster.actionBy)}`;
  return `Renewing at about the same time: ${cluster.otherBoroughs.join(', ')} (${cluster.key}, window ${when(cluster.window.start)} to ${when(cluster.window.end)}); ${start}`;
}

function lines(item: DigestItem, today: string): string[] {
  const deadline = item.noticeDeadline
    ? `Notice deadline: ${when(item.noticeDeadline)}, ${days(item.daysLeft)} left; the contract ends ${when(item.contractEnd)}`
    : `Ends: ${when(item.contractEnd)}, ${days(item.daysLeft)} left`;
  return [
    `${item.systemName} (${item.boroughName})`,
    `Supplier: ${item.supplierName}${item.productName ? `; product: ${item.productName}` : ''}`,
    deadline,
    `Extension options reach: ${item.maxExtentDate ? when(item.maxExtentDate) : 'none advertised'}`,
    item.cluster
      ? clusterLine(item.cluster, today)
      : 'No other borough renews the same thing in the same window yet.',
  ];
}

/**
 * One digest email for one subscription's due items (DESIGN §5), grouped by borough, as text and
 * HTML, with what DESIGN §11 asks for: lists to confirm first, then contracts that ended without
 * a recorded decision. Every value a person typed is escaped in the HTML.
 */
export function renderDigest(
  items: DigestItem[],
  context: DigestContext,
  { undecided, staleLists }: FollowUps = NO_FOLLOW_UPS,
): Digest {
  const { scopeName, today, unsubscribeUrl } = context;
  const boroughs = [
    ...new Set([...items, ...undecided, ...staleLists].map((i) => i.boroughName)),
  ].sort();
  const count = `${items.length} contract${items.length === 1 ? ' needs' : 's need'} attention`;
  // A contract with a notice period may still be running when its key date (the last day to give
  // notice) passes: it did not end, its chance to decide in time did. One told long after (the
  // first run after a list arrives looks a year back) may have ended since.
  const ended = (item: DigestItem) => item.noticeDeadline === null || item.contractEnd < today;
  const allEnded = undecided.every(ended);
  const undecidedCount =
    undecided.length === 1
      ? `1 contract ${allEnded ? 'ended' : 'past its notice deadline'} without a recorded decision`
      : `${undecided.length} contracts ${allEnded ? 'ended' : 'past their key date'} without a recorded decision`;
  const confirm = `${staleLists.length === 1 ? 'a list' : `${staleLists.length} lists`} to confirm`;
  const subject = `${[
    items.length ? count : null,
    undecided.length ? undecidedCount : null,
    staleLists.length ? confirm : null,
  ]
    .filter(Boolean)
    .join('; ')}: ${scopeName ?? names(boroughs)}`;
  const grouped = [...new Set(items.map((i) => i.boroughName))]
    .sort()
    .map((b) => [b, items.filter((i) => i.boroughName === b)] as const);
  const staleLine = (note: StaleListNote) =>
    note.lastConfirmed
      ? `${note.boroughName}'s list was last changed or confirmed on ${when(note.lastConfirmed)}, ${days(daysBetween(note.lastConfirmed, today))} ago. If it is still right, confirm it; if not, update it.`
      : `${note.boroughName} has no list in the register yet: add its top ten systems.`;
  const undecidedLines = (item: DigestItem) => [
    `${item.systemName} (${item.boroughName})`,
    ended(item)
      ? `Its key date was ${when(item.keyDate)}, ${days(-item.daysLeft)} ago, and it ended${item.noticeDeadline === null ? '' : ` on ${when(item.contractEnd)}`} without a recorded decision: record what happened (reprocure, extend, renew or decommission).`
      : `Its notice deadline was ${when(item.keyDate)}, ${days(-item.daysLeft)} ago, without a recorded decision; the contract ends on ${when(item.contractEnd)}. Record what was decided (reprocure, extend, renew or decommission).`,
  ];

  const text = [
    ...staleLists.flatMap((note) => [`* ${staleLine(note)}`, `  In the register: ${note.url}`, '']),
    ...(items.length
      ? [
          `${count}. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.`,
          '',
        ]
      : []),
    ...grouped.flatMap(([borough, list]) => [
      `== ${borough} ==`,
      '',
      ...list.flatMap((item) => [
        ...[...lines(item, today), `In the register: ${item.url}`].map((l, i) =>
          i === 0 ? `* ${l}` : `  ${l}`,
        ),
        '',
      ]),
    ]),
    ...(undecided.length ? [`== ${undecidedCount} ==`, ''] : []),
    ...undecided.flatMap((item) => [
      ...[...undecidedLines(item), `In the register: ${item.url}`].map((l, i) =>
        i === 0 ? `* ${l}` : `  ${l}`,
      ),
      '',
    ]),
    `Stop these emails: ${unsubscribeUrl}`,
    '',
  ].join('\n');

  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    ...staleLists.map(
      (note) => `<p>${escape(staleLine(note))} <a href="${escape(note.url)}">Open the list</a></p>`,
    ),
    ...(items.length
      ? [
          `<p>${escape(count)}. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.</p>`,
        ]
      : []),
    ...grouped.flatMap(([borough, list]) => [
      `<h2>${escape(borough)}</h2>`,
      '<ul>',
      ...list.map((item) => {
        const [title, ...rest] = lines(item, today);
        return `<li><strong>${escape(title)}</strong><br>${rest.map(escape).join('<br>')}<br><a href="${escape(item.url)}">See it in the register</a></li>`;
      }),
      '</ul>',
    ]),
    ...(undecided.length
      ? [
          `<h2>${escape(undecidedCount)}</h2>`,
          '<ul>',
          ...undecided.map((item) => {
            const [title, rest] = undecidedLines(item);
            return `<li><strong>${escape(title)}</strong><br>${escape(rest)}<br><a href="${escape(item.url)}">Record it in the register</a></li>`;
          }),
          '</ul>',
        ]
      : []),
    `<p><a href="${escape(unsubscribeUrl)}">Stop these emails</a></p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}

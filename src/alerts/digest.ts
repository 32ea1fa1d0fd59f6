import { escapeHtml as escape } from '../common/html';

export interface DigestItem {
  systemName: string;
  boroughName: string;
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

function lines(item: DigestItem): string[] {
  const deadline = item.noticeDeadline
    ? `Notice deadline: ${item.noticeDeadline} (${days(item.daysLeft)} left); the contract ends ${item.contractEnd}`
    : `Ends: ${item.contractEnd} (${days(item.daysLeft)} left)`;
  return [
    `${item.systemName} (${item.boroughName})`,
    `Supplier: ${item.supplierName}${item.productName ? `; product: ${item.productName}` : ''}`,
    deadline,
    `Extension options reach: ${item.maxExtentDate ?? 'none advertised'}`,
    item.cluster
      ? `Renewing at about the same time: ${item.cluster.otherBoroughs.join(', ')} (${item.cluster.key}, window ${item.cluster.window.start} to ${item.cluster.window.end}, start by ${item.cluster.actionBy})`
      : 'No other borough renews the same thing in the same window yet.',
  ];
}

/**
 * One digest email for one subscription's due items (DESIGN §5), grouped by borough, as text and
 * HTML. Every value a person typed is escaped in the HTML.
 */
export function renderDigest(
  items: DigestItem[],
  scopeName: string | null,
  unsubscribeUrl: string,
): Digest {
  const boroughs = [...new Set(items.map((i) => i.boroughName))].sort();
  const count = `${items.length} contract${items.length === 1 ? ' needs' : 's need'} attention`;
  const subject = `${count}: ${scopeName ?? names(boroughs)}`;
  const grouped = boroughs.map((b) => [b, items.filter((i) => i.boroughName === b)] as const);

  const text = [
    `${count}. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.`,
    '',
    ...grouped.flatMap(([borough, list]) => [
      `== ${borough} ==`,
      '',
      ...list.flatMap((item) => [
        ...lines(item).map((l, i) => (i === 0 ? `* ${l}` : `  ${l}`)),
        '',
      ]),
    ]),
    `Stop these emails: ${unsubscribeUrl}`,
    '',
  ].join('\n');

  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p>${escape(count)}. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.</p>`,
    ...grouped.flatMap(([borough, list]) => [
      `<h2>${escape(borough)}</h2>`,
      '<ul>',
      ...list.map((item) => {
        const [title, ...rest] = lines(item);
        return `<li><strong>${escape(title)}</strong><br>${rest.map(escape).join('<br>')}</li>`;
      }),
      '</ul>',
    ]),
    `<p><a href="${escape(unsubscribeUrl)}">Stop these emails</a></p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}

import { COLOURS, renderSvg } from './render-svg';

export interface QuarterCount {
  /** e.g. "2027 Q1". */
  quarter: string;
  category: string;
  count: number;
}

/** 2027-02-14 → "2027 Q1". */
export const quarterOf = (date: string): string =>
  `${date.slice(0, 4)} Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

/** Every quarter from the first to the last, in order, so empty quarters show as gaps. */
function quartersBetween(first: string, last: string): string[] {
  const index = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
  const quarters: string[] = [];
  for (let i = index(first); i <= index(last); i++) {
    quarters.push(`${Math.floor(i / 4)} Q${(i % 4) + 1}`);
  }
  return quarters;
}

/** Categories drawn by name; the rest are summed as "Other", so the legend stays readable. */
const NAMED_CATEGORIES = 8;

/** Colour-blind-safe (Okabe–Ito, darkened where needed), then grey for "Other". */
const SERIES_COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#6a3d9a',
  '#b8860b',
  '#56b4e9',
  '#1b1b1b',
  '#8c8c8c',
];

/** Contract ends per quarter by category (DESIGN §10), as stacked bars. */
export function endsPerQuarterSvg(counts: QuarterCount[], width = 720): string {
  if (!counts.length) {
    return renderSvg(
      {
        title: {
          text: 'No contracts end in this range',
          left: 'center',
          top: 'middle',
          textStyle: { color: COLOURS.ink, fontSize: 14, fontWeight: 'normal' },
        },
      },
      width,
      120,
    );
  }
  const totals = new Map<string, number>();
  for (const c of counts) totals.set(c.category, (totals.get(c.category) ?? 0) + c.count);
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
  const named = ranked.length > NAMED_CATEGORIES + 1 ? ranked.slice(0, NAMED_CATEGORIES) : ranked;
  const series = ranked.length > named.length ? [...named, 'Other'] : named;
  const sorted = counts.map((c) => c.quarter).sort();
  const quarters = quartersBetween(sorted[0], sorted[sorted.length - 1]);
  const cells = new Map<string, number>();
  for (const c of counts) {
    const key = `${named.includes(c.category) ? c.category : 'Other'}|${c.quarter}`;
    cells.set(key, (cells.get(key) ?? 0) + c.count);
  }
  const legendRows = Math.ceil(series.length / 3);
  return renderSvg(
    {
      color: SERIES_COLOURS,
      grid: { left: 56, right: 16, top: 16, bottom: 56 + 22 * legendRows },
      legend: {
        bottom: 0,
        left: 0,
        width: width - 16,
        itemGap: 16,
        textStyle: { color: COLOURS.ink },
        data: series,
      },
      xAxis: {
        type: 'category',
        data: quarters,
        axisLabel: { color: COLOURS.ink, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        name: 'contracts ending',
        minInterval: 1,
        axisLabel: { color: COLOURS.ink },
        nameTextStyle: { color: COLOURS.ink, align: 'left' },
      },
      series: series.map((name) => ({
        name,
        type: 'bar',
        stack: 'ends',
        data: quarters.map((q) => cells.get(`${name}|${q}`) ?? 0),
      })),
    },
    width,
    300 + 22 * legendRows,
  );
}

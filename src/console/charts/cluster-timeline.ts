import { COLOURS, dayValue, monthLabel, renderSvg } from './render-svg';

export interface TimelineLane {
  /** The member borough's short name. */
  borough: string;
  system: string;
  contractEnd: string;
  /** Null when no extension is advertised. */
  maxExtentDate: string | null;
  /** Where the cluster aligns this member's end. */
  alignedEnd: string;
  needsExtension: boolean;
  /** The borough's decision as a person reads it, once it has decided; null while undecided. */
  decision: string | null;
}

export interface TimelineInput {
  lanes: TimelineLane[];
  window: { start: string; end: string };
  actionBy: string;
  lastChanceBy: string;
  today: string;
}

const DAY = 86_400_000;

/**
 * A cluster's timeline (DESIGN §10): one lane per member, a bar from its contract's end to its
 * furthest extension, a mark where the cluster aligns it, the joint window as a band, and lines
 * for act-by, last chance and today. A member whose borough has decided is drawn grey, its
 * decision beside its name (DESIGN §11).
 */
export function clusterTimelineSvg(input: TimelineInput, width = 720): string {
  const { lanes } = input;
  const labels = laneLabels(lanes);
  const dates = [
    input.window.start,
    input.window.end,
    input.actionBy,
    input.lastChanceBy,
    input.today,
    ...lanes.flatMap((l) => [l.contractEnd, l.maxExtentDate ?? l.contractEnd, l.alignedEnd]),
  ].map(dayValue);
  const span = Math.max(...dates) - Math.min(...dates);
  const margin = Math.max(30 * DAY, span * 0.05);
  // Labels above the plot, one row each, so three close dates never print over one another.
  const marker = (name: string, date: string, colour: string, row: number) => ({
    name,
    xAxis: dayValue(date),
    lineStyle: { color: colour, type: 'solid' as const, width: 2 },
    label: {
      formatter: `${name} ${date}`,
      color: colour,
      position: 'start' as const,
      distance: 4 + 16 * row,
    },
  });
  const height = 110 + 30 * lanes.length;
  return renderSvg(
    {
      grid: { left: 210, right: 60, top: 64, bottom: 30 },
      xAxis: {
        type: 'value',
        min: Math.min(...dates) - margin,
        max: Math.max(...dates) + margin,
        axisLabel: { formatter: monthLabel, color: COLOURS.ink, hideOverlap: true },
        splitLine: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisLabel: { color: COLOURS.ink, width: 200, overflow: 'truncate' },
      },
      legend: { show: false },
      series: [
        {
          name: 'Contract end',
          type: 'bar',
          stack: 'lane',
          silent: true,
          itemStyle: { color: 'transparent' },
          data: lanes.map((l) => dayValue(l.contractEnd)),
          markArea: {
            silent: true,
            itemStyle: { color: COLOURS.window },
            label: {
              show: true,
              formatter: 'Joint window',
              color: COLOURS.aligned,
              position: 'insideBottom',
            },
            data: [
              [{ xAxis: dayValue(input.window.start) }, { xAxis: dayValue(input.window.end) }],
            ],
          },
          markLine: {
            silent: true,
            symbol: 'none',
            data: [
              marker('Act by', input.actionBy, COLOURS.act, 2),
              marker('Last chance', input.lastChanceBy, COLOURS.last, 1),
              marker('Today', input.today, COLOURS.today, 0),
            ],
          },
        },
        {
          name: 'Extension options',
          type: 'bar',
          stack: 'lane',
          barWidth: 12,
          itemStyle: { color: COLOURS.extension },
          data: lanes.map((l) => ({
            value: l.maxExtentDate ? dayValue(l.maxExtentDate) - dayValue(l.contractEnd) : 0,
            itemStyle: greyed(l),
          })),
        },
        {
          name: 'Contract end',
          type: 'scatter',
          symbol: 'rect',
          symbolSize: [4, 20],
          itemStyle: { color: COLOURS.ink },
          data: lanes.map((l, i) => ({
            value: [dayValue(l.contractEnd), i],
            itemStyle: greyed(l),
          })),
        },
        {
          name: 'Aligned end',
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 14,
          itemStyle: { color: COLOURS.aligned, borderColor: '#ffffff', borderWidth: 1 },
          data: lanes.map((l, i) => ({ value: [dayValue(l.alignedEnd), i], itemStyle: greyed(l) })),
        },
      ],
    },
    width,
    height,
  );
}

/** A decided member's marks in grey; an undecided one keeps its series' colour. */
const greyed = (lane: TimelineLane) =>
  lane.decision === null ? undefined : { color: COLOURS.decided };

/**
 * "Camden: Revenues", and "Camden (2): …" for a borough's second member, so lanes stay distinct;
 * a decided member's decision first ("Extend · Camden: Revenues"), where truncation cannot hide it.
 */
function laneLabels(lanes: TimelineLane[]): string[] {
  const seen = new Map<string, number>();
  return lanes.map((l) => {
    const n = (seen.get(l.borough) ?? 0) + 1;
    seen.set(l.borough, n);
    const name = `${n > 1 ? `${l.borough} (${n})` : l.borough}: ${l.system}`;
    return l.decision === null ? name : `${l.decision} · ${name}`;
  });
}

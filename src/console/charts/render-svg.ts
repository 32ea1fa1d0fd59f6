// The whole build, not `echarts/core` and its parts: those are ES modules only, which jest on
// Node 20 cannot load.
import * as echarts from 'echarts';

/** Options as ECharts takes them. */
export type ChartOption = echarts.EChartsOption;

/**
 * A chart drawn by ECharts on the server, as SVG text for the page: no script runs to draw it,
 * so it shows with JavaScript off. Animation is off, since nothing would play it.
 */
export function renderSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontSize: 12 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A calendar date as milliseconds at UTC midnight: the same instant in every time zone. */
export const dayValue = (date: string): number => Date.parse(`${date}T00:00:00Z`);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An axis value (UTC midnight) read as a date, e.g. "Mar 2027", whatever the server's zone. */
export const monthLabel = (value: number): string => {
  const d = new Date(value);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** Colours with at least 4.5:1 contrast on white, so labels drawn in them read (WCAG AA). */
export const COLOURS = {
  ink: '#1b1b1b',
  extension: '#1d70b8',
  window: 'rgba(0, 112, 60, 0.15)',
  act: '#8a3b00',
  last: '#b10e1e',
  today: '#1b1b1b',
  aligned: '#00703c',
  /** A member whose borough has decided what to do: greyed, yet 4.6:1 on white (WCAG 1.4.11). */
  decided: '#6f777b',
};

/**
 * A stacked bar chart in plain SVG: no chart library (decision 0155). Colours come from CSS
 * classes (styles/main.scss), so both themes apply. The chart is an image with a one-line
 * summary for screen readers; the numbers themselves belong in a table beside it.
 */

const SVG = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

export interface BarSeries {
  label: string;
  /** the class that colours its bars (and its legend swatch) */
  className: string;
}

export interface BarColumn {
  /** under the axis, for the columns `axisLabels` picks; '' for none */
  axisLabel: string;
  /** shown on hover: the column in words */
  title: string;
  /** one value per series, stacked from the bottom */
  values: number[];
}

export interface BarChartOptions {
  /** what the image shows, read by screen readers in place of the bars */
  summary: string;
  series: BarSeries[];
  columns: BarColumn[];
}

/** The smallest 1, 2 or 5 times a power of ten that is at least `n` (at least 1). */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= n)!;
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 44;
const BOTTOM = 24;
const TOP = 10;

export function barChart(options: BarChartOptions): HTMLElement {
  const { columns, series } = options;
  const max = niceCeiling(Math.max(0, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0))));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, columns.length);
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;

  const grid = [0, max / 2, max].map((value) =>
    el(
      'g',
      { class: 'chart-grid' },
      el('line', { x1: LEFT, x2: WIDTH, y1: y(value), y2: y(value) }),
      el('text', { x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end' }, formatCount(value)),
    ),
  );
  const bars = columns.map((column, i) => {
    let base = 0;
    const x = LEFT + i * slot + slot * 0.15;
    const parts = column.values.map((value, s) => {
      const rect = el('rect', {
        class: series[s]?.className ?? '',
        x,
        y: y(base + value),
        width: slot * 0.7,
        height: y(base) - y(base + value),
      });
      base += value;
      return rect;
    });
    const label = column.axisLabel
      ? el(
          'text',
          { class: 'chart-axis', x: x + slot * 0.35, y: HEIGHT - 6, 'text-anchor': 'middle' },
          column.axisLabel,
        )
      : null;
    return el('g', {}, el('title', {}, column.title), ...parts, ...(label ? [label] : []));
  });
  const svg = el(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': options.summary, class: 'bar-chart' },
    ...grid,
    ...bars,
  );
  const legend = document.createElement('ul');
  legend.className = 'list-inline small mb-1 chart-legend';
  legend.setAttribute('aria-hidden', 'true');
  for (const s of series) {
    const item = document.createElement('li');
    item.className = 'list-inline-item me-3';
    item.append(
      el(
        'svg',
        { width: 12, height: 12, class: 'me-1' },
        el('rect', { class: s.className, width: 12, height: 12, rx: 2 }),
      ),
      s.label,
    );
    legend.append(item);
  }
  const figure = document.createElement('div');
  figure.className = 'chart';
  figure.append(legend, svg);
  return figure;
}

const formatCount = (n: number) => (Number.isInteger(n) ? n.toLocaleString() : n.toFixed(1));

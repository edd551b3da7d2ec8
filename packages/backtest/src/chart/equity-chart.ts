// The equity and drawdown chart as one self-contained HTML page: inline SVG drawn here, no script,
// no stylesheet or font from the network, so the file opens anywhere and can be archived as is.

export interface ChartSeries {
  readonly label: string;
  /** Epoch ms, increasing. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

export interface EquityChartInput {
  readonly title: string;
  /** The strategy's equity curve (drawn first, its drawdown below). */
  readonly equity: ChartSeries;
  /** Benchmarks such as buy-and-hold, on the same axes. */
  readonly benchmarks?: readonly ChartSeries[];
  /** Lines of text under the title (headline figures). */
  readonly notes?: readonly string[];
  /** Points per line at most (longer series are thinned evenly); default 1,500. */
  readonly maxPoints?: number;
}

const WIDTH = 960;
const EQUITY_HEIGHT = 360;
const DRAWDOWN_HEIGHT = 160;
const LEFT = 80;
const RIGHT = 20;
const COLORS = ['#1f6feb', '#8b949e', '#d29922', '#2da44e'];

export function equityChartHtml(input: EquityChartInput): string {
  const series = [input.equity, ...(input.benchmarks ?? [])];
  for (const s of series) {
    if (s.timestamps.length !== s.values.length) throw new RangeError(`chart series '${s.label}': ${s.timestamps.length} times for ${s.values.length} values`);
  }
  if (input.equity.values.length === 0) throw new RangeError('chart: the equity series is empty');
  const maxPoints = input.maxPoints ?? 1500;
  const allTimes = series.flatMap((s) => [s.timestamps[0]!, s.timestamps[s.timestamps.length - 1]!]).filter(Number.isFinite);
  const t0 = Math.min(...allTimes);
  const t1 = Math.max(...allTimes);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const v of s.values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const x = (t: number) => LEFT + ((t - t0) / (t1 - t0 || 1)) * (WIDTH - LEFT - RIGHT);
  const yEquity = (v: number) => 20 + (1 - (v - lo) / (hi - lo)) * (EQUITY_HEIGHT - 40);

  const drawdown = drawdownOf(input.equity.values);
  const maxDd = Math.max(...drawdown, 1e-12);
  const ddTop = EQUITY_HEIGHT + 10;
  const yDd = (d: number) => ddTop + (d / maxDd) * (DRAWDOWN_HEIGHT - 30);

  const lines = series.map((s, k) => {
    const idx = thin(s.values.length, maxPoints);
    const points = idx.map((i) => `${fmt(x(s.timestamps[i]!))},${fmt(yEquity(s.values[i]!))}`).join(' ');
    return `<polyline class="series" data-label="${escapeXml(s.label)}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="${k === 0 ? 1.8 : 1.2}" points="${points}"/>`;
  });
  const ddIdx = thin(drawdown.length, maxPoints);
  const ddPoints = ddIdx.map((i) => `${fmt(x(input.equity.timestamps[i]!))},${fmt(yDd(drawdown[i]!))}`);
  const first = ddIdx[0]!;
  const last = ddIdx[ddIdx.length - 1]!;
  const ddArea = `<polygon class="drawdown" fill="#cf222e" fill-opacity="0.35" stroke="#cf222e" stroke-width="0.8" points="${fmt(x(input.equity.timestamps[first]!))},${fmt(ddTop)} ${ddPoints.join(' ')} ${fmt(x(input.equity.timestamps[last]!))},${fmt(ddTop)}"/>`;

  const legend = series.map((s, k) => `<tspan fill="${COLORS[k % COLORS.length]}">■ ${escapeXml(s.label)}</tspan>`).join('  ');
  const height = EQUITY_HEIGHT + DRAWDOWN_HEIGHT;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<line x1="${LEFT}" y1="20" x2="${LEFT}" y2="${EQUITY_HEIGHT - 20}" stroke="#d0d7de"/>`,
    `<text x="${LEFT - 6}" y="24" text-anchor="end">${escapeXml(money(hi))}</text>`,
    `<text x="${LEFT - 6}" y="${EQUITY_HEIGHT - 20}" text-anchor="end">${escapeXml(money(lo))}</text>`,
    `<text x="${LEFT}" y="14">${legend}</text>`,
    ...lines,
    `<line x1="${LEFT}" y1="${ddTop}" x2="${WIDTH - RIGHT}" y2="${ddTop}" stroke="#d0d7de"/>`,
    ddArea,
    `<text x="${LEFT - 6}" y="${ddTop + 4}" text-anchor="end">0 %</text>`,
    `<text x="${LEFT - 6}" y="${fmt(yDd(maxDd))}" text-anchor="end">−${(maxDd * 100).toFixed(1)} %</text>`,
    `<text x="${LEFT}" y="${height - 4}">${escapeXml(day(t0))}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${height - 4}" text-anchor="end">${escapeXml(day(t1))}</text>`,
    `</svg>`,
  ].join('\n');
  const notes = (input.notes ?? []).map((n) => `<p>${escapeXml(n)}</p>`).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(input.title)}</title>`,
    '<style>body{font-family:sans-serif;margin:24px;color:#1f2328}p{margin:2px 0}</style>',
    '</head><body>',
    `<h1>${escapeXml(input.title)}</h1>`,
    notes,
    `<figure>${svg}<figcaption>Equity (top) and drawdown of the strategy from its running peak (bottom).</figcaption></figure>`,
    '</body></html>',
    '',
  ].join('\n');
}

function drawdownOf(values: readonly number[]): number[] {
  let peak = -Infinity;
  return values.map((v) => {
    peak = Math.max(peak, v);
    return peak > 0 ? Math.max(0, 1 - v / peak) : 0;
  });
}

/** Indices 0 … n − 1 thinned to at most `max`, first and last kept. */
function thin(n: number, max: number): number[] {
  if (n <= max) return [...Array(n).keys()];
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

function fmt(v: number): string {
  return v.toFixed(1);
}

function money(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

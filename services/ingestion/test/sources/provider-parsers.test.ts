import { describe, expect, it } from 'vitest';
import { parseAlpacaBarsPage } from '../../src/sources/alpaca/alpaca-bars-parser.ts';
import { parsePolygonAggregates } from '../../src/sources/polygon/polygon-parser.ts';
import { validateBars } from '../../src/validation/validate-bars.ts';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('provider bars with a value of the wrong type', () => {
  it('alpaca: the bar is refused by validation and the rest of the page kept', () => {
    const page = parseAlpacaBarsPage({
      bars: [
        { t: '2024-01-02T14:30:00Z', o: 187.15, h: 188.44, l: 183.89, c: 185.64, v: 82488700 },
        { t: '2024-01-03T14:30:00Z', o: 184.22, h: 185.88, l: 183.43, c: '184.25', v: 58414500 },
      ],
      symbol: 'AAPL',
      next_page_token: null,
    });
    const { bars, rejections } = validateBars('AAPL', page.bars, { now, interval: '1d' });
    expect(bars.map((b) => b.close)).toEqual([185.64]);
    expect(rejections).toMatchObject([{ reason: 'non_finite', detail: 'AAPL 1d: close is NaN' }]);
  });

  it('polygon: the bar is refused by validation and the rest of the page kept', () => {
    const page = parsePolygonAggregates({
      ticker: 'AAPL',
      status: 'OK',
      resultsCount: 2,
      results: [
        { t: 1704205800000, o: 187.15, h: 188.44, l: 183.89, c: 185.64, v: 82488700 },
        { t: 1704292200000, o: 184.22, h: 185.88, l: 183.43, c: 184.25, v: '58414500' },
      ],
    });
    const { bars, rejections } = validateBars('AAPL', page.bars, { now, interval: '1d' });
    expect(bars.map((b) => b.volume)).toEqual([82488700]);
    expect(rejections).toMatchObject([{ reason: 'non_finite', detail: 'AAPL 1d: volume is NaN' }]);
  });
});

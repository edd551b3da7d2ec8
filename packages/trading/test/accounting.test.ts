import { describe, expect, it } from 'vitest';
import { InvalidInputError, Portfolio, applyFillToPosition, flatPosition, unrealizedPnl, type AccountingFill } from '../src/index.ts';
import { randomInt, seededRandom } from './support/random.ts';

const fill = (side: 'buy' | 'sell', quantity: number, price: number, commission = 0, symbol = 'AAPL'): AccountingFill => ({ symbol, side, quantity, price, commission });

describe('a hand-worked example: buy 100 @ 10, buy 50 @ 13, sell 200 @ 12 (commission 1 each)', () => {
  const book = new Portfolio(0);
  book.applyFill(fill('buy', 100, 10, 1));
  const afterBuys = book.applyFill(fill('buy', 50, 13, 1));
  const afterSell = book.applyFill(fill('sell', 200, 12, 1));

  it('averages the buys: (100 × 10 + 50 × 13) / 150 = 11', () => {
    expect(afterBuys).toEqual({ symbol: 'AAPL', quantity: 150, average_cost: 11, realized_pnl: 0, commission: 2 });
  });

  it('the sell closes 150 at 12 − 11 → realized 150, and opens a short of 50 at 12', () => {
    expect(afterSell).toEqual({ symbol: 'AAPL', quantity: -50, average_cost: 12, realized_pnl: 150, commission: 3 });
  });

  it('marked at 11 the short gains (11 − 12) × −50 = 50; cash −1,000 − 650 + 2,400 − 3 = 747; equity 747 − 550 = 197', () => {
    const marks = new Map([['AAPL', 11]]);
    expect(unrealizedPnl(afterSell, 11)).toBe(50);
    expect(book.summary(marks)).toEqual({
      cash: 747,
      equity: 197,
      gross_exposure: 550,
      net_exposure: -550,
      realized_pnl: 150,
      unrealized_pnl: 50,
      commission: 3,
      net_pnl: 197, // 150 + 50 − 3
      positions: [afterSell],
    });
  });

  it('covering the short at 11 realizes (12 − 11) × 50 = 50 more and leaves the book flat', () => {
    const flat = book.applyFill(fill('buy', 50, 11, 1));
    expect(flat).toEqual({ symbol: 'AAPL', quantity: 0, average_cost: 0, realized_pnl: 200, commission: 4 });
    expect(book.summary(new Map())).toMatchObject({ cash: 196, equity: 196, gross_exposure: 0, net_pnl: 196 });
  });
});

describe('positions', () => {
  it('short → long through zero: sell 100 @ 20, buy 150 @ 18 → realized 200, long 50 at 18', () => {
    let p = applyFillToPosition(flatPosition('X'), fill('sell', 100, 20));
    p = applyFillToPosition(p, fill('buy', 150, 18));
    expect(p).toMatchObject({ quantity: 50, average_cost: 18, realized_pnl: 200 });
  });

  it('a partial reduction keeps the average cost: long 100 @ 10, sell 40 @ 9 → realized −40, 60 left at 10', () => {
    let p = applyFillToPosition(flatPosition('X'), fill('buy', 100, 10));
    p = applyFillToPosition(p, fill('sell', 40, 9));
    expect(p).toMatchObject({ quantity: 60, average_cost: 10, realized_pnl: -40 });
  });

  it('adding to a short averages its entry: sell 100 @ 10, sell 100 @ 12 → −200 at 11', () => {
    let p = applyFillToPosition(flatPosition('X'), fill('sell', 100, 10));
    p = applyFillToPosition(p, fill('sell', 100, 12));
    expect(p).toMatchObject({ quantity: -200, average_cost: 11 });
    expect(unrealizedPnl(p, 10)).toBe(200);
  });
});

describe('the portfolio', () => {
  it('sums exposure over symbols', () => {
    const book = new Portfolio(10_000);
    book.applyFill(fill('buy', 10, 100, 0, 'A'));
    book.applyFill(fill('sell', 20, 50, 0, 'B'));
    const marks = new Map([
      ['A', 110],
      ['B', 40],
    ]);
    expect(book.grossExposure(marks)).toBe(10 * 110 + 20 * 40);
    // cash 10,000 − 1,000 + 1,000; equity = 10,000 + 1,100 − 800
    expect(book.equity(marks)).toBe(10_300);
  });

  it('refuses a bad fill, listing each problem, and leaves the book unchanged', () => {
    const book = new Portfolio(0);
    expect(() => book.applyFill(fill('buy', 0, Number.NaN, -1))).toThrow(InvalidInputError);
    try {
      book.applyFill(fill('buy', 1.5, -2, Number.NaN));
    } catch (error) {
      expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual(['quantity', 'price', 'commission']);
    }
    expect([book.cash, book.positions()]).toEqual([0, []]);
  });

  it('needs a mark for every open position', () => {
    const book = new Portfolio(0);
    book.applyFill(fill('buy', 1, 10));
    expect(() => book.equity(new Map())).toThrow(/AAPL: an open position needs a finite mark price > 0, got undefined/);
  });

  it('equity − initial cash = realized + unrealized − commission, over random fills', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const book = new Portfolio(1_000_000);
      const symbols = ['A', 'B', 'C'];
      for (let i = 0; i < 100; i++) {
        book.applyFill(fill(random() < 0.5 ? 'buy' : 'sell', randomInt(random, 1, 500), 50 + random() * 100, random() * 3, symbols[randomInt(random, 0, 2)]));
      }
      const marks = new Map(symbols.map((s) => [s, 50 + random() * 100]));
      const summary = book.summary(marks);
      expect(summary.equity - book.initialCash, `seed ${seed}`).toBeCloseTo(summary.realized_pnl + summary.unrealized_pnl - summary.commission, 6);
      expect(summary.gross_exposure).toBeGreaterThanOrEqual(Math.abs(summary.net_exposure));
    }
  });
});

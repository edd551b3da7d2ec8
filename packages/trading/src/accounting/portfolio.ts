// Cash and positions of one account from its fills. Deliberately a mutable object: the backtest
// applies millions of fills over a thousand symbols, and copying the book per fill would dominate.
// It is still pure in the sense that matters: no I/O, no clock, the same fills give the same book.
import { InvalidInputError } from '../errors/invalid-input-error.ts';
import { applyFillToPosition, flatPosition, unrealizedPnl, type AccountingFill, type Position } from './position.ts';

export type Marks = ReadonlyMap<string, number>;

export interface PortfolioSummary {
  readonly cash: number;
  /** cash + Σ quantity × mark. */
  readonly equity: number;
  /** Σ |quantity| × mark. */
  readonly gross_exposure: number;
  /** Σ quantity × mark. */
  readonly net_exposure: number;
  readonly realized_pnl: number;
  readonly unrealized_pnl: number;
  readonly commission: number;
  /** realized + unrealized − commission (= equity − initial cash). */
  readonly net_pnl: number;
  readonly positions: readonly Position[];
}

export class Portfolio {
  #cash: number;
  readonly #positions = new Map<string, Position>();

  constructor(readonly initialCash: number = 0) {
    if (!Number.isFinite(initialCash)) throw new InvalidInputError('portfolio', [{ path: 'initialCash', message: `must be finite, got ${initialCash}` }]);
    this.#cash = initialCash;
  }

  get cash(): number {
    return this.#cash;
  }

  /** Book a fill: the position moves, cash pays or receives the notional and pays the commission. */
  applyFill(fill: AccountingFill): Position {
    const issues = [];
    if (!Number.isInteger(fill.quantity) || fill.quantity <= 0) issues.push({ path: 'quantity', message: `must be a whole number > 0, got ${fill.quantity}` });
    if (!Number.isFinite(fill.price) || fill.price <= 0) issues.push({ path: 'price', message: `must be a finite number > 0, got ${fill.price}` });
    if (!Number.isFinite(fill.commission) || fill.commission < 0) issues.push({ path: 'commission', message: `must be a finite number ≥ 0, got ${fill.commission}` });
    if (issues.length > 0) throw new InvalidInputError(`fill of ${fill.symbol}`, issues);
    const next = applyFillToPosition(this.position(fill.symbol), fill);
    this.#positions.set(fill.symbol, next);
    const notional = fill.quantity * fill.price;
    this.#cash += (fill.side === 'buy' ? -notional : notional) - fill.commission;
    return next;
  }

  position(symbol: string): Position {
    return this.#positions.get(symbol) ?? flatPosition(symbol);
  }

  /** Every symbol that has had a fill, flat ones included (they carry realized P&L). */
  positions(): Position[] {
    return [...this.#positions.values()];
  }

  grossExposure(marks: Marks): number {
    let gross = 0;
    for (const p of this.#positions.values()) if (p.quantity !== 0) gross += Math.abs(p.quantity) * markOf(marks, p.symbol);
    return gross;
  }

  equity(marks: Marks): number {
    let value = this.#cash;
    for (const p of this.#positions.values()) if (p.quantity !== 0) value += p.quantity * markOf(marks, p.symbol);
    return value;
  }

  summary(marks: Marks): PortfolioSummary {
    let gross = 0;
    let net = 0;
    let realized = 0;
    let unrealized = 0;
    let commission = 0;
    for (const p of this.#positions.values()) {
      realized += p.realized_pnl;
      commission += p.commission;
      if (p.quantity === 0) continue;
      const mark = markOf(marks, p.symbol);
      gross += Math.abs(p.quantity) * mark;
      net += p.quantity * mark;
      unrealized += unrealizedPnl(p, mark);
    }
    return {
      cash: this.#cash,
      equity: this.#cash + net,
      gross_exposure: gross,
      net_exposure: net,
      realized_pnl: realized,
      unrealized_pnl: unrealized,
      commission,
      net_pnl: realized + unrealized - commission,
      positions: this.positions(),
    };
  }
}

function markOf(marks: Marks, symbol: string): number {
  const mark = marks.get(symbol);
  if (mark === undefined || !Number.isFinite(mark) || mark <= 0) {
    throw new InvalidInputError('marks', [{ path: symbol, message: `an open position needs a finite mark price > 0, got ${mark}` }]);
  }
  return mark;
}

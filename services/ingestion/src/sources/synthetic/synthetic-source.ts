import { SYMBOL_PATTERN } from '@mltrading/queues';
import { generateBars, syntheticStockInfo } from '@mltrading/synthetic-market';
import type { BarRequest, MarketDataSource, RawBar, StockInfo } from '../market-data-source.ts';
import { SourceError } from '../source-error.ts';

export interface SyntheticSourceOptions {
  /** Default 42. */
  readonly seed?: number;
  /** The clock: bars after it do not exist yet. Default the system clock. */
  readonly now?: Date | (() => Date);
  /** AR(1) coefficient of intrabar returns (see @mltrading/synthetic-market). Default 0.05. */
  readonly predictability?: number;
  /** Skip NYSE holidays. Default false. */
  readonly holidays?: boolean;
}


/**
 * The namespace of the synthetic market's own symbols (`ACME.SYNTH`). No exchange uses it, so a
 * symbol in it can never be mistaken for a listed one, and only such symbols get made-up metadata.
 */
export const SYNTHETIC_SYMBOL_SUFFIX = '.SYNTH';

export function isSyntheticSymbol(symbol: string): boolean {
  return symbol.endsWith(SYNTHETIC_SYMBOL_SUFFIX) && symbol.length > SYNTHETIC_SYMBOL_SUFFIX.length;
}

/** Marks made-up metadata as such wherever it is shown. */
export const SYNTHETIC_EXCHANGE = 'SYNTHETIC';

/**
 * An offline source for demos and tests: every symbol has bars (stored under source `synthetic`,
 * apart from any provider's), bars follow `now`. Metadata is invented only for the synthetic
 * namespace (`*.SYNTH`), and marked there: the company name ends in "(synthetic)" and the exchange is
 * `SYNTHETIC`. Any other symbol — a real ticker such as AAPL — gets none: a made-up company under a
 * real ticker would pose as that company.
 */
export function createSyntheticSource(options: SyntheticSourceOptions = {}): MarketDataSource {
  const seed = options.seed ?? 42;
  const clock = options.now;
  const currentTime = (): number =>
    clock === undefined ? Date.now() : typeof clock === 'function' ? clock().getTime() : clock.getTime();
  const checkSymbol = (symbol: string): void => {
    if (!SYMBOL_PATTERN.test(symbol)) {
      throw new SourceError('synthetic', 'permanent', `invalid symbol ${JSON.stringify(symbol)}`, { symbol });
    }
  };

  return {
    name: 'synthetic',
    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<RawBar[]> {
      signal?.throwIfAborted();
      checkSymbol(request.symbol);
      let columns;
      try {
        columns = generateBars(
          request.symbol,
          request.interval,
          { start: request.start, end: request.end, now: currentTime() },
          { seed, predictability: options.predictability, holidays: options.holidays },
        );
      } catch (error) {
        throw new SourceError('synthetic', 'permanent', (error as Error).message, { symbol: request.symbol, cause: error });
      }
      const bars: RawBar[] = new Array(columns.length);
      for (let i = 0; i < columns.length; i += 1) {
        bars[i] = {
          timestamp: columns.timestamp[i] as number,
          open: columns.open[i] as number,
          high: columns.high[i] as number,
          low: columns.low[i] as number,
          close: columns.close[i] as number,
          volume: columns.volume[i] as number,
        };
      }
      return bars;
    },
    async fetchStockInfo(symbol: string, signal?: AbortSignal): Promise<StockInfo | null> {
      signal?.throwIfAborted();
      checkSymbol(symbol);
      if (!isSyntheticSymbol(symbol)) return null;
      const info = syntheticStockInfo(symbol, seed);
      return { ...info, companyName: `${info.companyName} (synthetic)`, country: null, exchange: SYNTHETIC_EXCHANGE };
    },
  };
}

import { stat } from 'node:fs/promises';
import type { BarRequest, MarketDataSource, RawBar } from '../market-data-source.ts';
import { SourceError } from '../source-error.ts';
import { type CsvBar, CsvFormatError, type CsvRejection, readCsvBars } from './read-csv-bars.ts';

export interface CsvSourceOptions {
  readonly path: string;
  /** Symbol of every row when the file has no symbol column. */
  readonly symbol?: string;
  /**
   * Called with the file's malformed lines that concern a request: those of the requested symbol or
   * with no readable symbol, whatever their time (an unreadable line has none). The interface returns
   * bars only, so this is how they reach the logs.
   */
  readonly onRejections?: (rejections: readonly CsvRejection[], request: BarRequest) => void;
}

interface ParsedFile {
  readonly version: string;
  readonly bySymbol: Map<string, CsvBar[]>;
  readonly rejections: readonly CsvRejection[];
}

/**
 * Bars from a local CSV file (see `readCsvBars` for the format), filtered by the request's symbol
 * (case-insensitive) and [start, end), sorted by time. The request's interval is not checked: the
 * file is taken to hold bars of the interval asked for. The parsed file is cached and re-read when its
 * size or modification time changes. No stock info (always null).
 */
export function createCsvSource(options: CsvSourceOptions): MarketDataSource {
  let cached: ParsedFile | null = null;

  const load = async (symbol: string): Promise<ParsedFile> => {
    let version: string;
    try {
      const info = await stat(options.path);
      version = `${info.size}:${info.mtimeMs}`;
    } catch (error) {
      throw new SourceError('csv', 'permanent', `cannot read ${options.path}: ${(error as Error).message}`, { symbol, cause: error });
    }
    if (cached?.version === version) return cached;
    let result;
    try {
      result = await readCsvBars({ path: options.path }, { symbol: options.symbol });
    } catch (error) {
      const kind = error instanceof CsvFormatError ? 'permanent' : 'transient';
      throw new SourceError('csv', kind, `${options.path}: ${(error as Error).message}`, { symbol, cause: error });
    }
    const bySymbol = new Map<string, CsvBar[]>();
    for (const bar of result.bars) {
      const list = bySymbol.get(bar.symbol);
      if (list) list.push(bar);
      else bySymbol.set(bar.symbol, [bar]);
    }
    for (const list of bySymbol.values()) list.sort((a, b) => a.timestamp - b.timestamp || a.line - b.line);
    cached = { version, bySymbol, rejections: result.rejections };
    return cached;
  };

  return {
    name: 'csv',
    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<RawBar[]> {
      signal?.throwIfAborted();
      const symbol = request.symbol.trim().toUpperCase();
      const file = await load(symbol);
      signal?.throwIfAborted();
      const start = request.start.getTime();
      const end = request.end.getTime();
      const bars: RawBar[] = [];
      for (const bar of file.bySymbol.get(symbol) ?? []) {
        if (bar.timestamp >= start && bar.timestamp < end) {
          bars.push({ timestamp: bar.timestamp, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume });
        }
      }
      if (options.onRejections) {
        const relevant = file.rejections.filter((rejection) => rejection.symbol === null || rejection.symbol === symbol);
        if (relevant.length > 0) options.onRejections(relevant, request);
      }
      return bars;
    },
    async fetchStockInfo(): Promise<null> {
      return null;
    },
  };
}

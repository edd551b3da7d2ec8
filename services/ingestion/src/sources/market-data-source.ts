import type { Interval, Source } from '@mltrading/queues';

/**
 * One bar as a source returned it, before validation. Values may be null (Yahoo sends nulls for
 * bars that have not traded yet) or otherwise bad; `validateBars` decides what is stored.
 */
export interface RawBar {
  /** Bar start, epoch milliseconds UTC. */
  readonly timestamp: number;
  readonly open: number | null;
  readonly high: number | null;
  readonly low: number | null;
  readonly close: number | null;
  readonly volume: number | null;
}

export interface BarRequest {
  readonly symbol: string;
  readonly interval: Interval;
  /** Inclusive start and exclusive end of the wanted bar starts. */
  readonly start: Date;
  readonly end: Date;
}

/** Symbol metadata for `stock_info`; any field a source does not know is null. */
export interface StockInfo {
  readonly symbol: string;
  readonly companyName: string | null;
  readonly sector: string | null;
  readonly industry: string | null;
  readonly marketCap: number | null;
  readonly country: string | null;
  readonly currency: string | null;
  readonly exchange: string | null;
}

/** A provider of bars and symbol metadata. One folder per source implements it. */
export interface MarketDataSource {
  readonly name: Source;
  /** Bars whose start lies in [start, end), in time order. Throws a SourceError on failure. */
  fetchBars(request: BarRequest, signal?: AbortSignal): Promise<RawBar[]>;
  /** Metadata, or null when the source has none for this symbol. */
  fetchStockInfo(symbol: string, signal?: AbortSignal): Promise<StockInfo | null>;
}

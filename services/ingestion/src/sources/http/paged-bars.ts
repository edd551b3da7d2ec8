import type { RawBar } from '../market-data-source.ts';
import { malformed } from './json-request.ts';
import type { FailureContext } from './http-failure.ts';

/** A cursor (page token, next URL) that never ends would otherwise loop forever. */
const MAX_PAGES = 1_000;

export interface BarsPage<Cursor> {
  readonly bars: readonly RawBar[];
  /** Where the next page is; null on the last page. */
  readonly next: Cursor | null;
}

/**
 * Follows a provider's paging from `first` until a page has no next cursor, and returns the bars in
 * [start, end) once per timestamp, in time order. A cursor seen before (`<cursorName> repeated
 * itself`) or more than 1,000 pages end the request as malformed instead of looping.
 */
export async function collectPagedBars<Cursor extends string>(
  ctx: FailureContext,
  range: { readonly start: Date; readonly end: Date; readonly cursorName: string },
  first: Cursor | null,
  fetchPage: (cursor: Cursor | null) => Promise<BarsPage<Cursor>>,
): Promise<RawBar[]> {
  const start = range.start.getTime();
  const end = range.end.getTime();
  const byTimestamp = new Map<number, RawBar>();
  const seen = new Set<Cursor | null>();
  let cursor = first;
  for (let page = 0; ; page += 1) {
    if (page >= MAX_PAGES) throw malformed(ctx, `paging did not end after ${MAX_PAGES} pages`);
    seen.add(cursor);
    const { bars, next } = await fetchPage(cursor);
    for (const bar of bars) {
      if (bar.timestamp >= start && bar.timestamp < end && !byTimestamp.has(bar.timestamp)) byTimestamp.set(bar.timestamp, bar);
    }
    if (next === null) break;
    if (seen.has(next)) throw malformed(ctx, `${range.cursorName} repeated itself`);
    cursor = next;
  }
  return [...byTimestamp.values()].sort((a, b) => a.timestamp - b.timestamp);
}

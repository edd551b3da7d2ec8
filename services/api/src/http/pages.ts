import { isoDateTimeSchema } from '@mltrading/queues';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toCsv } from './csv.ts';

/** Query fields of every paginated read: `limit` (≤ API_MAX_PAGE_SIZE), `offset`, `format`. */
export function pageFields(maxPageSize: number) {
  return {
    limit: z.coerce.number().int().min(1).max(maxPageSize).default(Math.min(100, maxPageSize)).describe(`rows per page (1-${maxPageSize})`),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('rows to skip'),
    format: z.enum(['json', 'csv']).default('json').describe('csv answers a file download (text/csv)'),
  };
}

/** Optional time range [from, to): ISO 8601 with an offset. */
export const timeRangeFields = {
  from: isoDateTimeSchema.optional().describe('inclusive start, ISO 8601 with offset'),
  to: isoDateTimeSchema.optional().describe('exclusive end, ISO 8601 with offset'),
};

export const dateOrUndefined = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

export interface Page {
  limit: number;
  offset: number;
  format: 'json' | 'csv';
}

/**
 * One page of rows: JSON `{ items, page: { limit, offset, nextOffset } }` (nextOffset null on the
 * last page), or CSV of `columns` as a download (recorded as a `data_export` user action).
 */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  rows: readonly object[],
  page: Page,
  options: { name: string; columns?: readonly string[] },
) {
  if (page.format === 'csv') {
    request.actionType = 'data_export';
    const columns = options.columns ?? (rows.length > 0 ? Object.keys(rows[0]!) : []);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${options.name}.csv"`)
      .send(toCsv(rows as readonly Record<string, unknown>[], columns));
  }
  return reply.send({ items: rows, page: { limit: page.limit, offset: page.offset, nextOffset: rows.length === page.limit ? page.offset + rows.length : null } });
}

import { INTERVALS, SOURCES, SYMBOL_PATTERN, SYMBOL_RULE } from '@mltrading/market';
import { z } from 'zod';
import { issueMessage, preview } from './issue-message.ts';

export { INTERVALS, SOURCES, SYMBOL_PATTERN, type Interval, type Source } from '@mltrading/market';

/** A ticker, upper-cased first; anything that could smuggle text into SQL, paths or keys is refused. */
export const symbolSchema = z
  .string({ error: issueMessage('must be a string') })
  .trim()
  .transform((raw) => raw.toUpperCase())
  .pipe(
    z.string().regex(SYMBOL_PATTERN, {
      error: issueMessage(
        (input) => `${preview(input)} is not a valid symbol (${SYMBOL_RULE})`,
      ),
    }),
  );

export const intervalSchema = z.enum(INTERVALS, {
  error: issueMessage((input) => `${preview(input)} is not a supported interval (one of ${INTERVALS.join(', ')})`),
});

export const sourceSchema = z.enum(SOURCES, {
  error: issueMessage((input) => `${preview(input)} is not a supported source (one of ${SOURCES.join(', ')})`),
});

/**
 * An ISO 8601 datetime with an explicit offset, normalized to UTC `toISOString()` form so equal
 * instants written differently produce the same job id.
 */
export const isoDateTimeSchema = z
  .string({ error: issueMessage('must be an ISO 8601 datetime string') })
  .pipe(
    z.iso.datetime({
      offset: true,
      error: issueMessage((input) => `${preview(input)} is not an ISO 8601 datetime with offset (e.g. 2024-01-02T14:30:00Z)`),
    }),
  )
  .transform((raw) => new Date(raw).toISOString());

import { INTERVALS, SOURCES } from '@mltrading/market';
import { z } from 'zod';
import { issueMessage, preview } from './issue-message.ts';

export { INTERVALS, SOURCES, type Interval, type Source } from '@mltrading/market';

/**
 * Yahoo's symbol grammar, upper-cased: an optional `^` (indices: `^GSPC`), then a letter or digit,
 * then letters, digits, `.` (exchange suffixes, funds: `0P000071W8.TO`), `-` (class shares, pairs:
 * `BRK-B`, `BTC-USD`) or `=` (currencies, futures: `EURUSD=X`, `GC=F`); 32 characters at most, the
 * width of the symbol columns. Whitespace, control characters, quotes, `;`, `/`, `:` and the like
 * never match, so a symbol cannot smuggle text into SQL, paths, Redis keys or job ids.
 */
export const SYMBOL_PATTERN = /^(?=.{1,32}$)\^?[A-Z0-9][A-Z0-9.=-]*$/;
const MAX_SYMBOL_LENGTH = 32;



/** A ticker, upper-cased first; anything that could smuggle text into SQL, paths or keys is refused. */
export const symbolSchema = z
  .string({ error: issueMessage('must be a string') })
  .trim()
  .transform((raw) => raw.toUpperCase())
  .pipe(
    z.string().regex(SYMBOL_PATTERN, {
      error: issueMessage(
        (input) => `${preview(input)} is not a valid symbol (1-${MAX_SYMBOL_LENGTH} characters: an optional "^", a letter or digit, then letters, digits, ".", "-" or "=")`,
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

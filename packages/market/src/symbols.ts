/**
 * Yahoo's symbol grammar, upper-cased: an optional `^` (indices: `^GSPC`), then a letter or digit,
 * then letters, digits, `.` (exchange suffixes, funds: `0P000071W8.TO`), `-` (class shares, pairs:
 * `BRK-B`, `BTC-USD`) or `=` (currencies, futures: `EURUSD=X`, `GC=F`); 32 characters at most, the
 * width of the symbol columns. Whitespace, control characters, quotes, `;`, `/`, `:` and the like
 * never match, so a symbol cannot smuggle text into SQL, paths, Redis keys or job ids.
 * The queue contracts and the configuration (INGEST_UNIVERSE) both check symbols against it.
 */
export const SYMBOL_PATTERN = /^(?=.{1,32}$)\^?[A-Z0-9][A-Z0-9.=-]*$/;
export const MAX_SYMBOL_LENGTH = 32;

/** The rule in words, for error messages. */
export const SYMBOL_RULE = `1-${MAX_SYMBOL_LENGTH} characters: an optional "^", a letter or digit, then letters, digits, ".", "-" or "="`;

/** One CSV record with the 1-based physical line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  /** Set when the record ends inside an open quote (at end of input). */
  readonly unterminatedQuote?: boolean;
}

/**
 * RFC 4180 records: fields separated by commas, records by CRLF, LF or CR; a field in double quotes
 * may hold commas, line breaks and doubled quotes (""). Unquoted fields are trimmed; blank lines are
 * skipped. A quote inside an unquoted field is kept literally (lenient, as most exporters expect).
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;
  while (position < length) {
    const startLine = line;
    const fields: string[] = [];
    let unterminated = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(position) === 0x22) {
        // Quoted field.
        let value = '';
        position += 1;
        for (;;) {
          const quote = text.indexOf('"', position);
          if (quote === -1) {
            value += text.slice(position);
            position = length;
            unterminated = true;
            break;
          }
          value += text.slice(position, quote);
          if (text.charCodeAt(quote + 1) === 0x22) {
            value += '"';
            position = quote + 2;
          } else {
            position = quote + 1;
            break;
          }
        }
        for (let i = 0; i < value.length; i += 1) {
          const code = value.charCodeAt(i);
          if (code === 0x0a || (code === 0x0d && value.charCodeAt(i + 1) !== 0x0a)) line += 1;
        }
        // Anything between the closing quote and the separator is kept (lenient).
        let rest = position;
        while (rest < length) {
          const code = text.charCodeAt(rest);
          if (code === 0x2c || code === 0x0a || code === 0x0d) break;
          rest += 1;
        }
        value += text.slice(position, rest).trim();
        position = rest;
        fields.push(value);
      } else {
        let end = position;
        while (end < length) {
          const code = text.charCodeAt(end);
          if (code === 0x2c || code === 0x0a || code === 0x0d) break;
          end += 1;
        }
        fields.push(text.slice(position, end).trim());
        position = end;
      }
      if (position >= length) break;
      const code = text.charCodeAt(position);
      if (code === 0x2c) {
        position += 1;
        if (position >= length) {
          fields.push('');
          endOfRecord = true;
        }
      } else {
        position += code === 0x0d && text.charCodeAt(position + 1) === 0x0a ? 2 : 1;
        line += 1;
        endOfRecord = true;
      }
    }
    if (fields.length === 1 && fields[0] === '' && !unterminated) continue;
    yield unterminated ? { line: startLine, fields, unterminatedQuote: true } : { line: startLine, fields };
  }
}

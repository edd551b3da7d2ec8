// Hand-written checks instead of a zod schema: ids are computed per order and per fill in the
// backtest's inner loop, where a schema parse per call costs more than the hash.
import { InvalidInputError, type InputIssue } from '../errors/invalid-input-error.ts';
import { MAX_ID_TIMESTAMP } from './compact-time.ts';

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

export class IdPartChecks {
  readonly issues: InputIssue[] = [];

  text(path: string, value: unknown, maxLength: number, visibleAscii = false): void {
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      this.issues.push({ path, message: `must be a string of 1 to ${maxLength} characters, got ${JSON.stringify(value)}` });
    } else if (visibleAscii && !VISIBLE_ASCII.test(value)) {
      this.issues.push({ path, message: `must be visible ASCII without spaces, got ${JSON.stringify(value)}` });
    }
  }

  wholeNumber(path: string, value: unknown, min: number, max: number): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.issues.push({ path, message: `must be a whole number in [${min}, ${max}], got ${String(value)}` });
    }
  }

  timestamp(path: string, value: unknown): void {
    this.wholeNumber(path, value, 0, MAX_ID_TIMESTAMP);
  }

  throwIfAny(subject: string): void {
    if (this.issues.length > 0) throw new InvalidInputError(subject, this.issues);
  }
}

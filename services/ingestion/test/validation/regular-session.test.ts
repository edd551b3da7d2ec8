import { describe, expect, it } from 'vitest';
import { regularSessionTest } from '../../src/validation/regular-session.ts';

const NEW_YORK = { timeZone: 'America/New_York', open: '09:30', close: '16:00' };

describe('regularSessionTest', () => {
  const inSession = regularSessionTest(NEW_YORK);

  it.each([
    ['2024-01-03T14:30:00Z', true], // 09:30 EST, the open
    ['2024-01-03T14:29:00Z', false], // 09:29 pre-market
    ['2024-01-03T20:59:00Z', true], // 15:59
    ['2024-01-03T21:00:00Z', false], // 16:00, the close (exclusive)
    ['2024-01-03T09:00:00Z', false], // 04:00 pre-market
    ['2024-07-03T13:30:00Z', true], // 09:30 EDT
    ['2024-07-03T13:29:00Z', false],
    ['2024-01-06T15:00:00Z', false], // Saturday
    ['2024-01-07T15:00:00Z', false], // Sunday
    ['2024-03-11T13:30:00Z', true], // Monday after the change to EDT
    ['2024-03-08T14:30:00Z', true], // Friday before it, EST
    ['2024-11-04T14:45:00Z', true], // Monday after the change back
  ])('%s in the New York session: %s', (iso, expected) => {
    expect(inSession(Date.parse(iso))).toBe(expected);
  });

  it('follows the configured zone and hours', () => {
    const london = regularSessionTest({ timeZone: 'Europe/London', open: '08:00', close: '16:30' });
    expect(london(Date.parse('2024-01-03T08:00:00Z'))).toBe(true);
    expect(london(Date.parse('2024-07-03T07:30:00Z'))).toBe(true); // 08:30 BST
    expect(london(Date.parse('2024-07-03T15:30:00Z'))).toBe(false); // 16:30 BST
  });
});

import { describe, expect, it } from 'vitest';
import { isYahooDataRequest } from '../../src/sources/yahoo/yahoo-fetch.ts';

describe('isYahooDataRequest', () => {
  it.each([
    ['https://query2.finance.yahoo.com/v8/finance/chart/%5EGSPC?interval=1d', true],
    ['https://query1.finance.yahoo.com/v10/finance/quoteSummary/BRK-B?modules=price&crumb=x', true],
    ['https://finance.yahoo.com/quote/AAPL', false],
    ['https://guce.yahoo.com/consent?brandType=eu&done=https%3A%2F%2Ffinance.yahoo.com%2F', false],
    ['https://consent.yahoo.com/v2/collectConsent?sessionId=3_cc-session_x', false],
    ['https://guce.yahoo.com/copyConsent?sessionId=3_cc-session_x&lang=en-GB', false],
    ['https://query1.finance.yahoo.com/v1/test/getcrumb', false],
    ['https://fc.yahoo.com/', false],
  ])('%s → %s', (url, expected) => {
    expect(isYahooDataRequest(new URL(url))).toBe(expected);
  });
});

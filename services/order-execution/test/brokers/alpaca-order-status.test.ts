import { describe, expect, it } from 'vitest';
import { ALPACA_ORDER_STATUSES, mapAlpacaStatus } from '../../src/brokers/alpaca/alpaca-order-status.ts';
import type { BrokerOrderStatus } from '../../src/brokers/broker.ts';

/** Expected status for an order of 10 shares with 0, 4 and 10 shares filled. */
const EXPECTED: Record<(typeof ALPACA_ORDER_STATUSES)[number], [BrokerOrderStatus, BrokerOrderStatus, BrokerOrderStatus]> = {
  new: ['submitted', 'partially_filled', 'partially_filled'],
  accepted: ['submitted', 'partially_filled', 'partially_filled'],
  pending_new: ['submitted', 'partially_filled', 'partially_filled'],
  accepted_for_bidding: ['submitted', 'partially_filled', 'partially_filled'],
  stopped: ['submitted', 'partially_filled', 'partially_filled'],
  suspended: ['submitted', 'partially_filled', 'partially_filled'],
  held: ['submitted', 'partially_filled', 'partially_filled'],
  done_for_day: ['submitted', 'partially_filled', 'partially_filled'],
  pending_cancel: ['submitted', 'partially_filled', 'partially_filled'],
  pending_replace: ['submitted', 'partially_filled', 'partially_filled'],
  partially_filled: ['submitted', 'partially_filled', 'partially_filled'],
  calculated: ['submitted', 'partially_filled', 'filled'],
  filled: ['filled', 'filled', 'filled'],
  canceled: ['cancelled', 'cancelled', 'cancelled'],
  expired: ['expired', 'expired', 'expired'],
  rejected: ['rejected', 'rejected', 'rejected'],
  replaced: ['cancelled', 'cancelled', 'cancelled'],
};

describe('mapAlpacaStatus', () => {
  it('has an expectation for every documented Alpaca status', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALPACA_ORDER_STATUSES].sort());
  });

  it.each(ALPACA_ORDER_STATUSES.map((status) => [status]))('maps %s by filled quantity', (status) => {
    const got = [0, 4, 10].map((filled) => mapAlpacaStatus(status, filled, 10));
    expect(got, `status ${status} with 0, 4, 10 of 10 filled`).toEqual(EXPECTED[status]);
  });

  it('treats an undocumented status as a working order, never as final', () => {
    expect(mapAlpacaStatus('some_future_status', 0, 10)).toBe('submitted');
    expect(mapAlpacaStatus('some_future_status', 3, 10)).toBe('partially_filled');
  });
});

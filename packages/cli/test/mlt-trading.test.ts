import { createDb, insertOrderIfAbsent, isTradingHalted, transitionOrder, upsertMarketData } from '@mltrading/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliHarness } from './support/cli-harness.ts';

const cli = cliHarness('trading', { EXECUTION_BAR_SOURCE: 'synthetic' });
const db = createDb(cli.databaseUrl, { poolSize: 1 });

beforeAll(() => {
  expect(cli.run('db', 'migrate').code).toBe(0);
});
afterAll(async () => {
  await db.destroy();
  await cli.cleanUp();
});

it('trading halt and resume flip the kill switch in the database, with the reason', async () => {
  const halt = cli.run('trading', 'halt', '--reason', 'broker outage');
  expect(halt.code, halt.stderr).toBe(0);
  expect(halt.stdout).toMatch(/trading HALTED \(scope global\) by mlt:\S+ at .*: broker outage/);
  expect(await isTradingHalted(db)).toBe(true);
  const resume = cli.run('trading', 'resume');
  expect(resume.stdout).toContain('trading resumed');
  expect(await isTradingHalted(db)).toBe(false);
});

it('orders lists orders with status and reason; positions shows realized and unrealized P&L with commission', async () => {
  expect(cli.run('orders').stdout.trim()).toBe('(no rows)');
  await upsertMarketData(db, [{ symbol: 'ABC', source: 'synthetic', timestamp: new Date('2026-11-02T15:00:00Z'), open: 11, high: 12, low: 10, close: 12, volume: 1000 }]);
  const buy = 'o-buy';
  const sell = 'o-sell';
  await insertOrderIfAbsent(db, { order_id: buy, symbol: 'ABC', side: 'buy', quantity: 100, strategy: 's' });
  await transitionOrder(db, { orderId: buy, from: 'pending', to: 'submitted', correlationId: null });
  await transitionOrder(db, { orderId: buy, from: 'submitted', to: 'filled', fill: { fillId: 'f1', quantity: 100, price: 10, commission: 1, timestamp: new Date('2026-11-02T14:00:00Z') }, correlationId: null });
  await insertOrderIfAbsent(db, { order_id: sell, symbol: 'ABC', side: 'sell', quantity: 40, strategy: 's' });
  await transitionOrder(db, { orderId: sell, from: 'pending', to: 'submitted', correlationId: null });
  await transitionOrder(db, { orderId: sell, from: 'submitted', to: 'filled', fill: { fillId: 'f2', quantity: 40, price: 11, commission: 1, timestamp: new Date('2026-11-02T14:30:00Z') }, correlationId: null });
  await insertOrderIfAbsent(db, { order_id: 'o-rej', symbol: 'ABC', side: 'buy', quantity: 5, status: 'rejected', status_reason: 'trading is halted (kill switch on)' });

  const listed = cli.run('orders');
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(/o-rej\s+ABC\s+buy\s+5\s+market\s+rejected\s+0\s+\S*\s*trading is halted/);
  expect(listed.stdout).toMatch(/o-buy\s+ABC\s+buy\s+100\s+market\s+filled\s+100\s+10\.0000/);
  expect(cli.run('orders', '--status', 'rejected').stdout).not.toContain('o-buy');
  expect(cli.run('orders', '--status', 'nope').code).toBe(1);

  // 60 left at 10; realized (11 − 10) × 40 = 40; unrealized (12 − 10) × 60 = 120; commission 2; net 158.
  const shown = cli.run('positions');
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toMatch(/ABC\s+60\s+10\.0000\s+12\s+40\.00\s+120\.00\s+2\.00\s+158\.00/);
  expect(shown.stdout).toContain('total: realized 40.00, unrealized 120.00, commission 2.00, net 158.00');
});

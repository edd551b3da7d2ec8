import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, clientOrderId, fillId } from '../src/index.ts';

const BASE = { strategy: 'direction-threshold', modelId: 'gbdt-2024-03', symbol: 'AAPL', barTimestamp: Date.parse('2024-03-08T14:30:00Z') };
const ID = /^[\x21-\x7e]{1,50}$/;

describe('clientOrderId', () => {
  it('is readable, visible ASCII and at most 50 characters', () => {
    const id = clientOrderId(BASE);
    expect(id).toMatch(/^o-AAPL-20240308T1430-[0-9a-f]{22}$/);
    const longest = clientOrderId({ strategy: 'x'.repeat(50), modelId: 'y'.repeat(50), symbol: 'ABCDEFGHIJ', barTimestamp: Date.UTC(9999, 11, 31, 23, 59), interval: '1h' });
    expect(longest.length).toBeLessThanOrEqual(50);
    expect(longest).toMatch(ID);
    // Yahoo symbols run to 32 characters: the id keeps 10 of them readable and still fits.
    const fund = clientOrderId({ ...BASE, symbol: '0P000071W8.TO' });
    const wide = clientOrderId({ ...BASE, symbol: 'A'.repeat(32) });
    expect(fund).toMatch(/^o-0P000071W8-20240308T1430-[0-9a-f]{22}$/);
    expect(wide.length).toBeLessThanOrEqual(50);
    expect(clientOrderId({ ...BASE, symbol: '0P000071W8.TX' }), 'symbols alike in their first 10 characters differ by the hash').not.toBe(fund);
  });

  it('is the same for the same parts, also in another process', () => {
    expect(clientOrderId({ ...BASE })).toBe(clientOrderId(BASE));
    // A fresh Node process (new module state, new hash object) must compute the same id.
    const script = `import('node:crypto').then(({ createHash }) => process.stdout.write(createHash('sha256').update(JSON.stringify(['order/v1','direction-threshold','gbdt-2024-03','AAPL',${BASE.barTimestamp},null])).digest('hex').slice(0,22)))`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(clientOrderId(BASE)).toBe(`o-AAPL-20240308T1430-${child.stdout}`);
  });

  it('differs when any part differs, interval included', () => {
    const ids = new Set([
      clientOrderId(BASE),
      clientOrderId({ ...BASE, strategy: 'direction-threshold-2' }),
      clientOrderId({ ...BASE, modelId: 'gbdt-2024-04' }),
      clientOrderId({ ...BASE, symbol: 'MSFT' }),
      clientOrderId({ ...BASE, barTimestamp: BASE.barTimestamp + 1 }), // same minute in the prefix
      clientOrderId({ ...BASE, interval: '1h' }),
      clientOrderId({ ...BASE, interval: '1d' }),
      // Parts that would read the same if joined with a separator.
      clientOrderId({ ...BASE, strategy: 'a-b', modelId: 'c' }),
      clientOrderId({ ...BASE, strategy: 'a', modelId: 'b-c' }),
    ]);
    expect(ids.size).toBe(9);
  });

  it('has no collision over 100,000 inputs', () => {
    const seen = new Set<string>();
    const symbols = ['AAPL', 'MSFT', 'BRK.B', 'BRK-B', '^GSPC'];
    let n = 0;
    for (let s = 0; s < 4; s++) {
      for (const symbol of symbols) {
        for (let m = 0; m < 4; m++) {
          for (let bar = 0; bar < 1_250; bar++) {
            const id = clientOrderId({ strategy: `s${s}`, modelId: `m${m}`, symbol, barTimestamp: BASE.barTimestamp + bar * 3_600_000 });
            if (id.length > 50) throw new Error(`${id} is longer than 50`);
            seen.add(id);
            n++;
          }
        }
      }
    }
    expect(n).toBe(100_000);
    expect(seen.size).toBe(n);
  });

  it('refuses parts that would not fit the columns, naming each', () => {
    const attempt = () => clientOrderId({ strategy: '', modelId: 'm'.repeat(51), symbol: 'S'.repeat(33), barTimestamp: Number.NaN });
    expect(attempt).toThrow(InvalidInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).issues.map((i) => i.path).sort()).toEqual(['barTimestamp', 'modelId', 'strategy', 'symbol']);
    }
    expect(() => clientOrderId({ ...BASE, symbol: 'A B' })).toThrow(/symbol: must be visible ASCII/);
    expect(() => clientOrderId({ ...BASE, barTimestamp: 1.5 })).toThrow(/barTimestamp/);
  });
});

describe('fillId', () => {
  const orderId = clientOrderId(BASE);
  const bar = Date.parse('2024-03-08T15:30:00Z');

  it('is deterministic, readable and at most 50 characters', () => {
    expect(fillId(orderId, bar, 0)).toBe(fillId(orderId, bar, 0));
    expect(fillId(orderId, bar, 3)).toMatch(/^f-20240308T1530-[0-9a-f]{20}-3$/);
    expect(fillId('x'.repeat(50), Date.UTC(9999, 0, 1), 999_999_999).length).toBeLessThanOrEqual(50);
  });

  it('differs by order, bar and sequence; no collision over 100,000 fills', () => {
    const seen = new Set<string>();
    for (let o = 0; o < 100; o++) {
      for (let b = 0; b < 100; b++) {
        for (let s = 0; s < 10; s++) seen.add(fillId(`${orderId}-${o}`.slice(-50), bar + b * 60_000, s));
      }
    }
    expect(seen.size).toBe(100_000);
  });

  it('refuses a negative or fractional sequence and an empty order id', () => {
    expect(() => fillId(orderId, bar, -1)).toThrow(/sequence/);
    expect(() => fillId(orderId, bar, 0.5)).toThrow(/sequence/);
    expect(() => fillId('', bar, 0)).toThrow(/orderId/);
  });
});

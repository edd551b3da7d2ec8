import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/sources/source-error.ts';
import { createSyntheticSource } from '../../src/sources/synthetic/synthetic-source.ts';

const NOW = new Date(Date.UTC(2026, 2, 13, 20, 0));

describe('synthetic source', () => {
  it('returns deterministic session bars in time order up to now, consistent across sub-ranges', async () => {
    const source = createSyntheticSource({ now: NOW });
    expect(source.name).toBe('synthetic');
    const request = { symbol: 'ACME', interval: '1h' as const, start: new Date(Date.UTC(2026, 1, 20)), end: new Date(Date.UTC(2026, 3, 1)) };
    const bars = await source.fetchBars(request);
    expect(bars.length).toBeGreaterThan(100);
    expect(bars.at(-1)!.timestamp).toBeLessThanOrEqual(NOW.getTime());
    for (let i = 1; i < bars.length; i += 1) expect(bars[i]!.timestamp).toBeGreaterThan(bars[i - 1]!.timestamp);
    const mid = new Date(Date.UTC(2026, 2, 4, 17, 0));
    const left = await source.fetchBars({ ...request, end: mid });
    const right = await source.fetchBars({ ...request, start: mid });
    expect([...left, ...right]).toEqual(bars);
    expect(await createSyntheticSource({ now: NOW }).fetchBars(request)).toEqual(bars);
    expect(await createSyntheticSource({ now: NOW, seed: 1 }).fetchBars(request)).not.toEqual(bars);
  });

  it('follows an injectable clock', async () => {
    let now = new Date(Date.UTC(2026, 2, 10, 15, 0));
    const source = createSyntheticSource({ now: () => now });
    const request = { symbol: 'ACME', interval: '1h' as const, start: new Date(Date.UTC(2026, 2, 10)), end: new Date(Date.UTC(2026, 2, 11)) };
    expect(await source.fetchBars(request)).toHaveLength(2); // 13:30Z and 14:30Z
    now = new Date(Date.UTC(2026, 2, 11));
    expect(await source.fetchBars(request)).toHaveLength(7);
  });

  it('invents stock info only for its own namespace, marked as synthetic, and rejects an invalid symbol as permanent', async () => {
    const source = createSyntheticSource({ now: NOW });
    const info = await source.fetchStockInfo('ACME.SYNTH');
    expect(info).toMatchObject({ symbol: 'ACME.SYNTH', exchange: 'SYNTHETIC', country: null, currency: 'USD' });
    expect(info!.companyName).toMatch(/^\S.* \(synthetic\)$/);
    // A real ticker gets bars but never a made-up company (AAPL once became "Leavra Cloud Inc.").
    expect(await source.fetchStockInfo('AAPL')).toBeNull();
    expect(await source.fetchBars({ symbol: 'AAPL', interval: '1d', start: new Date(Date.UTC(2026, 2, 2)), end: new Date(Date.UTC(2026, 2, 7)) })).toHaveLength(5);
    await expect(source.fetchStockInfo('not a symbol')).rejects.toMatchObject({ kind: 'permanent' });
    await expect(
      source.fetchBars({ symbol: '', interval: '1h', start: NOW, end: NOW }),
    ).rejects.toBeInstanceOf(SourceError);
  });

  it('honours an aborted signal', async () => {
    const source = createSyntheticSource({ now: NOW });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      source.fetchBars({ symbol: 'ACME', interval: '1h', start: new Date(0), end: NOW }, controller.signal),
    ).rejects.toThrow('stop');
  });
});

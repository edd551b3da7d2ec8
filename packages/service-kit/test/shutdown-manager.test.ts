import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ShutdownManager } from '../src/index.ts';

const silent = pino({ level: 'silent' });

describe('ShutdownManager', () => {
  it('runs every step once, in order, and reports success', async () => {
    const ran: string[] = [];
    const manager = new ShutdownManager(silent, 1000);
    manager.add('a', async () => ran.push('a'));
    manager.add('b', async () => ran.push('b'));
    const [first, second] = await Promise.all([manager.shutdown(), manager.shutdown()]);
    expect([first, second]).toEqual([0, 0]);
    expect(ran).toEqual(['a', 'b']);
  });

  it('abandons a step that outlives the deadline, still closes the rest, and exits non-zero', async () => {
    const ran: string[] = [];
    const manager = new ShutdownManager(silent, 200);
    manager.add('hangs', () => new Promise(() => {}));
    manager.add('after', async () => ran.push('after'));
    expect(await manager.shutdown()).toBe(1);
    expect(ran).toEqual([]); // the deadline is for the whole sequence: nothing is left to run after it
  });

  it('reports a failing step and carries on', async () => {
    const ran: string[] = [];
    const manager = new ShutdownManager(silent, 1000);
    manager.add('fails', async () => {
      throw new Error('boom');
    });
    manager.add('after', async () => ran.push('after'));
    expect(await manager.shutdown()).toBe(1);
    expect(ran).toEqual(['after']);
  });
});

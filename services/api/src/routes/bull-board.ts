import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { MAINTENANCE_QUEUE_NAMES, QUEUE_NAMES } from '@mltrading/queues';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../app/api-context.ts';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * bull-board on /admin/queues for admin keys only: every route of the board is given role admin,
 * and a 401 there carries a Basic challenge so a browser asks (any user name, the key as password).
 * Returns a closer for the board's queue handles.
 */
export async function registerBullBoard(app: FastifyInstance, { service }: ApiContext): Promise<() => Promise<void>> {
  const queues = [...QUEUE_NAMES, ...MAINTENANCE_QUEUE_NAMES].map((name) => new Queue(name, { connection: service.redis, prefix: service.config.queuePrefix }));
  for (const queue of queues) queue.on('error', (err) => service.logger.warn({ err, queue: queue.name }, 'bull-board queue error'));
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: adapter });
  await app.register(
    async (board) => {
      board.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), role: 'admin', basicChallenge: true };
        route.schema = { ...(route.schema ?? {}), hide: true };
      });
      await board.register(adapter.registerPlugin());
    },
    { prefix: BULL_BOARD_PATH },
  );
  return async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  };
}

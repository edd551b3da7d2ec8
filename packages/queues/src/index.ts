export * from './contracts/index.ts';
export { createRedisConnection, reconnectDelay, type RedisRole } from './create-redis-connection.ts';
export { redisEvictionPolicy } from './redis-eviction-policy.ts';
export {
  createQueueClient,
  type QueueClient,
  type QueueClientOptions,
  type EnqueueResult,
} from './create-queue-client.ts';
export { createWorker, WORKER_DEFAULTS, type CreateWorkerOptions, type JobHandler } from './create-worker.ts';

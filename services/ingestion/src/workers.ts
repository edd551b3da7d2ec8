import type { WorkerDefinition } from '@mltrading/service-kit';

/** The queues this service consumes. It has no job handlers yet, so it starts, reports health and drains. */
export const workers: readonly WorkerDefinition[] = [];

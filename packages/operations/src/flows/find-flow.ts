import { traceFlow, type Database, type FlowTrace } from '@mltrading/db';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../errors/not-found-error.ts';

/** One flow in time order across every table that carries its correlation id; NotFoundError when no row does. */
export async function findFlow(db: Kysely<Database>, correlationId: string): Promise<FlowTrace & { start: Date; end: Date }> {
  const flow = await traceFlow(db, correlationId);
  if (flow.start === null || flow.end === null) throw new NotFoundError(`no rows carry correlation id ${correlationId}`);
  return flow as FlowTrace & { start: Date; end: Date };
}

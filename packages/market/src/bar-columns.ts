/** The values of a bar, in storage order (the timestamp is kept apart). */
export const BAR_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** One symbol's bars in time order, one column per field. `timestamp` is the bar start, epoch ms UTC. */
export type BarColumns = { readonly timestamp: Float64Array } & { readonly [K in BarField]: Float64Array };

/** A `fills` row (packages/db/src/schema/fills.ts); `timestamp` in epoch milliseconds. */
export interface FillRecord {
  readonly fill_id: string;
  readonly order_id: string;
  readonly symbol: string;
  /** Whole shares, > 0. The side is the order's. */
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
  readonly timestamp: number;
  readonly correlation_id: string | null;
}

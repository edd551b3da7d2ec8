/** A page of a time-ordered read: newest first, `limit` rows after skipping `offset`, time in [from, to). */
export interface PageQuery {
  limit: number;
  offset?: number;
  from?: Date;
  to?: Date;
}

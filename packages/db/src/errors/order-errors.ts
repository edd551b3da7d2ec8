export class OrderNotFoundError extends Error {
  constructor(readonly orderId: string) {
    super(`order "${orderId}" does not exist`);
    this.name = 'OrderNotFoundError';
  }
}

/** The order was not in the expected state: another writer moved it first (optimistic check). */
export class OrderTransitionConflictError extends Error {
  constructor(readonly orderId: string, readonly expected: string, readonly actual: string, readonly to: string) {
    super(`order "${orderId}" is ${actual}, not ${expected}: transition to ${to} refused`);
    this.name = 'OrderTransitionConflictError';
  }
}

/** A transition the order lifecycle does not have (e.g. filled → submitted). */
export class IllegalOrderTransitionError extends Error {
  constructor(readonly from: string, readonly to: string) {
    super(`illegal order transition ${from} → ${to}`);
    this.name = 'IllegalOrderTransitionError';
  }
}

/** The fill would make the order's fills add up to more than its quantity. */
export class OverfillError extends Error {
  constructor(readonly orderId: string, readonly quantity: number, readonly filled: number, readonly fillQuantity: number) {
    super(`fill of ${fillQuantity} refused: order "${orderId}" has ${filled} of ${quantity} filled`);
    this.name = 'OverfillError';
  }
}

/** The target status disagrees with the order's filled quantity (filled must be complete, …). */
export class OrderFillStateError extends Error {
  constructor(readonly orderId: string, readonly status: string, readonly quantity: number, readonly filled: number) {
    super(`order "${orderId}" cannot be ${status} with ${filled} of ${quantity} filled`);
    this.name = 'OrderFillStateError';
  }
}

/** A fill id already recorded for a different order or with different values. */
export class FillConflictError extends Error {
  constructor(readonly fillId: string, detail: string) {
    super(`fill "${fillId}" is already recorded ${detail}`);
    this.name = 'FillConflictError';
  }
}

/** An order or fill with a value no order can have (non-finite, non-positive, non-integer). */
export class InvalidTradingValueError extends Error {
  constructor(what: string, field: string, value: unknown, rule: string) {
    super(`${what}: ${field} ${String(value)} is invalid (${rule})`);
    this.name = 'InvalidTradingValueError';
  }
}

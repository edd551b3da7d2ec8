import { roundDecimal4 } from '../orders/decimal.ts';
import type { CommissionModel } from './fill-simulator-config.ts';

/** Commission of one fill, at least the model's minimum, rounded to fills.commission's 4 places. */
export function commissionFor(model: CommissionModel, quantity: number, price: number): number {
  const raw = model.model === 'per_share' ? quantity * model.perShare : (quantity * price * model.bps) / 10_000;
  return roundDecimal4(Math.max(raw, model.minimum));
}

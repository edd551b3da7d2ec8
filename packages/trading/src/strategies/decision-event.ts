// Every prediction a strategy sees gets a recorded decision, order or not: the service writes this
// row, and the sweep that re-queues predictions "without a decision" looks for it.
import type { TradingEventRecord } from '../orders/trading-event.ts';
import type { PredictionInput, StrategyDecision } from './strategy.ts';

export interface DecisionEventOptions {
  readonly strategy: string;
  /** When the decision was made (epoch ms). */
  readonly at: number;
  readonly correlationId?: string | null;
  /** The order created for an 'order' decision, when there is one. */
  readonly orderId?: string | null;
}

/** `signal_generated` (an order intent) or `signal_skipped` (no order, with its reason). */
export function strategyDecisionEvent(prediction: PredictionInput, decision: StrategyDecision, options: DecisionEventOptions): TradingEventRecord {
  const common = {
    timestamp: options.at,
    symbol: prediction.symbol,
    strategy: options.strategy,
    correlation_id: options.correlationId ?? null,
  };
  const predictionFields = {
    model_id: prediction.model_id,
    prediction_timestamp: prediction.timestamp,
    prediction_value: prediction.prediction_value,
    confidence: prediction.confidence,
  };
  if (decision.kind === 'order') {
    const { intent } = decision;
    return {
      ...common,
      event_type: 'signal_generated',
      side: intent.side,
      quantity: intent.quantity,
      price: intent.price,
      order_id: options.orderId ?? null,
      metadata: { ...predictionFields, target_position: intent.target_position, order_type: intent.order_type, reference_price: intent.reference_price },
    };
  }
  return {
    ...common,
    event_type: 'signal_skipped',
    side: null,
    quantity: null,
    price: null,
    order_id: null,
    metadata: { ...predictionFields, reason: decision.reason, message: decision.message, target_position: decision.target_position },
  };
}

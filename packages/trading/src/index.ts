// @mltrading/trading: strategies, risk checks, the order state machine, client order ids, the paper
// fill simulator and accounting. No I/O and no clock: the live service and the backtest pass time in.
export { InvalidInputError, type InputIssue } from './errors/invalid-input-error.ts';
export { OrderTransitionError, type OrderTransitionRefusal } from './errors/order-transition-error.ts';

export { clientOrderId, type ClientOrderIdParts } from './ids/client-order-id.ts';
export { fillId } from './ids/fill-id.ts';

export { ORDER_STATUSES, TERMINAL_STATUSES, isTerminal, remainingQuantity, type OrderState, type OrderSide, type OrderStatus, type OrderType } from './orders/order.ts';
export type { FillRecord } from './orders/fill-record.ts';
export { MAX_DECIMAL_10_4, roundDecimal4, roundDecimal4Adverse } from './orders/decimal.ts';
export { LEGAL_TRANSITIONS, isLegalTransition, mustTransition, transition, type OrderEvent, type TransitionResult } from './orders/order-state-machine.ts';
export { createOrder, type CreateOrderOptions } from './orders/create-order.ts';
export { orderPlacedEvent, orderTransitionEvent, type TradingEventRecord } from './orders/trading-event.ts';

export type { OrderIntent } from './strategies/order-intent.ts';
export type { NoOrderReason, PredictionInput, Strategy, StrategyDecision, StrategyInput } from './strategies/strategy.ts';
export { directionThresholdParamsSchema, directionThresholdStrategy, targetShares, type DirectionThresholdParams } from './strategies/direction-threshold.ts';
export { strategyDecisionEvent, type DecisionEventOptions } from './strategies/decision-event.ts';
export { STRATEGY_KINDS, createStrategy, describeStrategies, type StrategyConfig, type StrategyKind } from './strategies/registry.ts';

export { DEFAULT_TRADING_HOURS, riskLimits, riskLimitsSchema, tradingHoursSchema, type RiskLimits, type TradingHours } from './risk/risk-limits.ts';
export { ORDER_RATE_WINDOW_MS, ordersInWindow, pruneOrderTimes } from './risk/order-rate-window.ts';
export { orderSendTime } from './risk/order-send-time.ts';
export { checkOrderRisk, formatViolations, type RiskCheckInput, type RiskCheckResult, type RiskViolation, type RiskViolationCode } from './risk/check-order-risk.ts';

export { assertValidBar, type Bar } from './paper-broker/bar.ts';
export { commissionSchema, fillSimulatorConfig, fillSimulatorConfigSchema, type CommissionModel, type FillSimulatorConfig } from './paper-broker/fill-simulator-config.ts';
export { commissionFor } from './paper-broker/commission.ts';
export { GOOD_TILL_CANCELLED, barCapacity, matchPrice, paperOrder, simulateBar, simulateBars, type BarOutcome, type PaperOrder, type TimeInForce } from './paper-broker/fill-simulator.ts';

export { applyFillToPosition, flatPosition, unrealizedPnl, type AccountingFill, type Position } from './accounting/position.ts';
export { Portfolio, type Marks, type PortfolioSummary } from './accounting/portfolio.ts';

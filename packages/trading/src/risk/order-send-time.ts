// What "now" is for an order decided on a bar, the same in live trading and in the backtest: the
// instant the bar's data is complete, i.e. its end (start + interval), except that a bar starting
// inside the regular session ends at the latest at the session's close (vendors' last hourly bar,
// 15:30, is half an hour: its data is complete at 16:00, not 16:30). The backtest sends the order
// at this instant; live, the execute job runs once the bar is stored, so its clock reads this
// instant plus the pipeline's latency, never earlier. Either way a decision on the session's last
// bar is sent at or after the close and the trading-hours check refuses it, with the same reason.
import { regularSessionCloseOf } from '@mltrading/features';
import type { TradingHours } from './risk-limits.ts';
import { calendarOf } from './session-calendar.ts';

export function orderSendTime(barTimestamp: number, intervalMs: number, tradingHours: TradingHours | null): number {
  const end = barTimestamp + intervalMs;
  if (tradingHours === null) return end;
  const close = regularSessionCloseOf(barTimestamp, calendarOf(tradingHours));
  return close !== null && close < end ? close : end;
}

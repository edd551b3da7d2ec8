import { randomBytes } from 'node:crypto';
import { LogBuffer, redactObject, type Logger } from '@mltrading/logging';
import { CORRELATION_ID_MAX, MAX_LOG_RECORDS, logRecordSchema, type LogRecordInput } from '@mltrading/queues';
import { logRecordFromLine } from './log-record-from-line.ts';
import type { LogTransport } from './log-transport.ts';

export interface LogShipperOptions {
  transport: LogTransport;
  /** Service name: logger name of the shipper's own records and part of every batch id. */
  component: string;
  /** Records held while the transport is unavailable; beyond it the oldest are dropped (counted). */
  capacity?: number;
  /** Records per batch (at most the logs queue's 1,000). */
  batchSize?: number;
  /** A batch leaves at least this often while records wait. */
  flushIntervalMs?: number;
  /** One send that takes longer counts as failed (and is retried under the same batch id). */
  sendTimeoutMs?: number;
  /** Longest wait between retries of a failed send. */
  maxRetryDelayMs?: number;
  /** Secret values removed from records pushed as objects (pino lines are scrubbed by the logger). */
  secrets?: readonly string[];
  /** For the shipper's own diagnostics. Must NOT be a logger that feeds this shipper (no recursion). */
  diagnostics?: Logger;
}

export interface LogShipperStats {
  state: 'ok' | 'retrying' | 'stopped';
  /** Records waiting in the buffer, plus the batch being sent or retried. */
  buffered: number;
  shipped: number;
  /** Records dropped because the buffer was full, since start. Also shipped as `system` records. */
  dropped: number;
  /** Records pushed as objects that broke the logs contract; each was replaced by a WARNING record. */
  refused: number;
  batchesSent: number;
  failedSends: number;
  lastError: string | null;
}

type Item = string | LogRecordInput;

interface PendingBatch {
  id: string;
  records: LogRecordInput[];
}

export const LOG_SHIPPER_DEFAULTS = {
  capacity: 10_000,
  batchSize: 500,
  flushIntervalMs: 1_000,
  sendTimeoutMs: 10_000,
  maxRetryDelayMs: 5_000,
} as const;

/**
 * Ships log records in batches without ever blocking the caller: `push` only appends to a bounded
 * buffer; one background loop (started outside any job, so it carries no job's correlation or
 * trace context) sends a batch when `batchSize` records wait or every `flushIntervalMs`. A failed
 * batch is kept and retried as-is (same id) with capped backoff while new records keep buffering;
 * when the buffer overflows the oldest records go, and the exact count travels in a `WARNING`
 * system record in the next batch built (and in `stats().dropped`).
 */
export class LogShipper {
  private readonly buffer: LogBuffer<Item>;
  private readonly options: Required<Omit<LogShipperOptions, 'diagnostics' | 'secrets'>> & Pick<LogShipperOptions, 'diagnostics' | 'secrets'>;
  private readonly bootId = randomBytes(6).toString('hex');
  private sequence = 0;
  private pending: PendingBatch | undefined;
  private shipped = 0;
  private refused = 0;
  private batchesSent = 0;
  private failedSends = 0;
  private consecutiveFailures = 0;
  private lastError: string | null = null;
  private running = false;
  private stopped = false;
  // Set while the loop idles: a push that fills a batch ends the wait early.
  private wake: (() => void) | undefined;
  // Set during any wait of the loop: stop() ends it. Pushes never cut a retry backoff short.
  private interrupt: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private inflight: Promise<boolean> | undefined;

  constructor(options: LogShipperOptions) {
    this.options = { ...LOG_SHIPPER_DEFAULTS, ...options };
    if (this.options.batchSize < 1 || this.options.batchSize > MAX_LOG_RECORDS) {
      throw new RangeError(`batchSize must be within 1..${MAX_LOG_RECORDS}`);
    }
    this.buffer = new LogBuffer<Item>(this.options.capacity);
  }

  /** A pino line (already scrubbed by the logger). Never throws, never waits. */
  pushLine = (line: string): void => {
    this.push(line);
  };

  /**
   * A ready record (performance, error, trading event, …). Scrubbed of secrets here, and checked
   * against the logs contract: the sink refuses a batch with one bad record in it (and the log
   * sink's own direct transport would retry it forever), so a bad record is replaced here by a
   * WARNING record that says what was wrong, and counted. Never throws.
   */
  pushRecord(record: LogRecordInput): void {
    const scrubbed = redactObject(record, this.options.secrets) as LogRecordInput;
    const checked = logRecordSchema.safeParse(scrubbed);
    if (checked.success) {
      this.push(scrubbed);
      return;
    }
    this.refused += 1;
    const issues = checked.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
    this.push(refusedRecordNotice(scrubbed, issues, this.options.component));
  }

  private push(item: Item): void {
    if (this.stopped) return;
    this.buffer.push(item);
    if (this.buffer.size >= this.options.batchSize) this.wake?.();
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.loop = this.run();
  }

  stats(): LogShipperStats {
    return {
      state: this.stopped ? 'stopped' : this.consecutiveFailures > 0 ? 'retrying' : 'ok',
      buffered: this.buffer.size + (this.pending?.records.length ?? 0),
      shipped: this.shipped,
      dropped: this.buffer.dropped,
      refused: this.refused,
      batchesSent: this.batchesSent,
      failedSends: this.failedSends,
      lastError: this.lastError,
    };
  }

  /**
   * Sends everything buffered now; resolves true when the buffer emptied, false when a send failed
   * or `timeoutMs` passed. Records pushed during the flush may be included.
   */
  async flush(timeoutMs = this.options.sendTimeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // One sender at a time: the loop may be mid-send.
      if (this.inflight) {
        await this.inflight;
        continue;
      }
      if (this.pending === undefined && this.buffer.size === 0) return true;
      if (!(await this.sendOne())) return false;
    }
    return this.pending === undefined && this.buffer.size === 0;
  }

  /** Stops the loop after a last flush within `timeoutMs`; later pushes are ignored. */
  async stop(timeoutMs = this.options.sendTimeoutMs): Promise<LogShipperStats> {
    this.running = false;
    this.interrupt?.();
    await this.loop;
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (await this.flush(timeoutMs - (Date.now() - started))) break;
      await delay(Math.min(200, timeoutMs - (Date.now() - started)));
    }
    this.stopped = true;
    const stats = this.stats();
    if (stats.buffered > 0) {
      this.options.diagnostics?.warn({ logShipping: stats }, 'log shipping stopped with records unsent');
    }
    return stats;
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.pending === undefined && this.buffer.size < this.options.batchSize) {
        await this.sleepInterruptibly(this.options.flushIntervalMs, true);
      }
      if (!this.running) break;
      if (this.inflight) {
        await this.inflight;
        continue;
      }
      if (this.pending === undefined && this.buffer.size === 0) continue;
      const ok = await this.sendOne();
      if (!ok && this.running) await this.sleepInterruptibly(this.retryDelay());
    }
  }

  private sendOne(): Promise<boolean> {
    const attempt = this.doSend();
    this.inflight = attempt;
    return attempt.finally(() => {
      this.inflight = undefined;
    });
  }

  private async doSend(): Promise<boolean> {
    const batch = (this.pending ??= this.buildBatch());
    try {
      await withTimeout(this.options.transport.send(batch.id, batch.records), this.options.sendTimeoutMs);
    } catch (error) {
      this.failedSends += 1;
      this.consecutiveFailures += 1;
      this.lastError = error instanceof Error ? error.message : String(error);
      // Logged on the first failure of an outage only: one line per retry would flood stdout.
      if (this.consecutiveFailures === 1) {
        this.options.diagnostics?.warn({ err: error, batchId: batch.id, logShipping: this.stats() }, 'log shipping failed; buffering and retrying');
      }
      return false;
    }
    this.pending = undefined;
    this.shipped += batch.records.length;
    this.batchesSent += 1;
    if (this.consecutiveFailures > 0) {
      this.options.diagnostics?.info({ failedSends: this.consecutiveFailures, logShipping: this.stats() }, 'log shipping resumed');
      this.consecutiveFailures = 0;
    }
    return true;
  }

  private buildBatch(): PendingBatch {
    const dropped = this.buffer.takeUnreportedDrops();
    const room = this.options.batchSize - (dropped > 0 ? 1 : 0);
    const records = this.buffer.take(room).map((item) => (typeof item === 'string' ? logRecordFromLine(item, this.options.component) : item));
    if (dropped > 0) {
      records.unshift({
        kind: 'system',
        timestamp: new Date().toISOString(),
        level: 'WARNING',
        loggerName: this.options.component,
        message: `${dropped} log records dropped: the log buffer (${this.options.capacity} records) overflowed while shipping was unavailable`,
        module: 'log-shipper',
        processId: process.pid,
        metadata: { droppedRecords: dropped, droppedTotal: this.buffer.dropped, bufferCapacity: this.options.capacity },
      });
    }
    this.sequence += 1;
    // ≤ 50 characters (it is also the job's correlation id); unique per process start and batch.
    return { id: `logs-${this.options.component.slice(0, 24)}-${this.bootId}-${this.sequence}`, records };
  }

  private retryDelay(): number {
    return Math.min(this.options.maxRetryDelayMs, 100 * 2 ** Math.min(this.consecutiveFailures, 10));
  }

  /** Resolves after `ms`, on stop(), or (when `wakeOnPush`) once a push fills a batch. */
  private async sleepInterruptibly(ms: number, wakeOnPush = false): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const end = () => {
        clearTimeout(timer);
        resolve();
      };
      this.interrupt = end;
      if (wakeOnPush) this.wake = end;
    });
    this.interrupt = undefined;
    this.wake = undefined;
  }
}

/** What stands in for a refused record: the problem, and the record itself as far as JSON can carry it. */
function refusedRecordNotice(record: unknown, issues: string, component: string): LogRecordInput {
  const fields = (typeof record === 'object' && record !== null ? record : {}) as { kind?: unknown; correlationId?: unknown };
  const correlationId = typeof fields.correlationId === 'string' && fields.correlationId.length <= CORRELATION_ID_MAX ? fields.correlationId : null;
  let refusedRecord: unknown;
  try {
    refusedRecord = JSON.parse(JSON.stringify(record) ?? 'null');
  } catch {
    refusedRecord = String(record);
  }
  return {
    kind: 'system',
    timestamp: new Date().toISOString(),
    level: 'WARNING',
    loggerName: component,
    correlationId,
    message: `a ${typeof fields.kind === 'string' ? fields.kind : 'log'} record was refused by the logs contract (${issues}); it is kept in this record's metadata`,
    module: 'log-shipper',
    processId: process.pid,
    metadata: { refusedRecord: refusedRecord as never, issues },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`log batch not accepted within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

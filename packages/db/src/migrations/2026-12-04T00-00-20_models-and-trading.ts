import { sql, type Kysely } from 'kysely';

// The tables the prediction service, the order-execution service and the backtest write.
// Frozen once landed: it imports nothing but kysely, and every name it uses is spelled out here.
//
// models: a registry with candidate → active → retired. At most one active model per name is a
// partial unique index, so even a promotion that bypassed the repository's lock cannot leave two.
// Existing rows: active stays active, inactive/archived become retired, and if a name already had
// several active rows the newest keeps it (the index could not be built otherwise).
//
// model_artifacts: content-addressed bytes (containers share no disk); models.file_path holds
// `pg-artifact://<sha256>`.
//
// orders: the lifecycle's columns; filled_quantity is maintained with the fills under a row lock
// and a CHECK keeps it within [0, quantity]. Existing orders get it from their fills.
//
// Backtest results live in their own tables so a replay can never be mistaken for live trading.
// Their prices are DOUBLE PRECISION (not NUMERIC) so bulk writes take the binary COPY path.
export async function up(db: Kysely<any>): Promise<void> {
  // ---- models -------------------------------------------------------------------------------
  await sql`ALTER TABLE models DROP CONSTRAINT models_status_valid`.execute(db);
  await sql`UPDATE models SET status = 'retired' WHERE status IN ('inactive', 'archived')`.execute(db);
  await sql`
    UPDATE models m SET status = 'retired'
    WHERE m.status = 'active' AND EXISTS (
      SELECT 1 FROM models newer
      WHERE newer.name = m.name AND newer.status = 'active'
        AND (newer.created_at, newer.id) > (m.created_at, m.id))`.execute(db);
  await sql`
    ALTER TABLE models
      ADD CONSTRAINT models_status_valid CHECK (status IN ('candidate', 'active', 'retired', 'training')),
      ALTER COLUMN status SET DEFAULT 'candidate',
      ADD COLUMN interval VARCHAR(10),
      ADD COLUMN prediction_type VARCHAR(20),
      ADD COLUMN promoted_at TIMESTAMPTZ,
      ADD COLUMN retired_at TIMESTAMPTZ`.execute(db);
  await sql`CREATE UNIQUE INDEX models_one_active_per_name ON models (name) WHERE status = 'active'`.execute(db);
  // The predict job asks for "every active model of this interval" on every bar.
  await sql`CREATE INDEX idx_models_active_interval ON models (interval, prediction_type) WHERE status = 'active'`.execute(db);

  await sql`
    CREATE TABLE model_artifacts (
      sha256 CHAR(64) NOT NULL,
      bytes BYTEA NOT NULL,
      size BIGINT NOT NULL,
      format VARCHAR(20) NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
      CONSTRAINT model_artifacts_pkey PRIMARY KEY (sha256),
      CONSTRAINT model_artifacts_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      CONSTRAINT model_artifacts_size_matches CHECK (size = octet_length(bytes)),
      CONSTRAINT model_artifacts_format_valid CHECK (format IN ('json', 'onnx'))
    )`.execute(db);

  // ---- predictions --------------------------------------------------------------------------
  // The sweep asks, per model, which (symbol, timestamp) has no prediction: this index answers
  // it and also serves the foreign key, which the (model_id) index alone did.
  await sql`CREATE INDEX idx_predictions_model_symbol_timestamp ON predictions (model_id, symbol, timestamp)`.execute(db);
  await sql`DROP INDEX idx_predictions_model_id`.execute(db);

  // ---- orders -------------------------------------------------------------------------------
  await sql`
    ALTER TABLE orders
      DROP CONSTRAINT orders_status_valid,
      ADD CONSTRAINT orders_status_valid
        CHECK (status IN ('pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired')),
      ADD COLUMN filled_quantity INTEGER NOT NULL DEFAULT 0,
      ADD COLUMN average_fill_price DECIMAL(16,6),
      ADD COLUMN status_reason TEXT,
      ADD COLUMN broker_order_id VARCHAR(64),
      ADD COLUMN submitted_at TIMESTAMPTZ,
      ADD COLUMN prediction_id VARCHAR(50),
      ADD COLUMN interval VARCHAR(10),
      ADD COLUMN bar_timestamp TIMESTAMPTZ,
      ADD COLUMN time_in_force VARCHAR(10) NOT NULL DEFAULT 'day',
      ADD COLUMN expires_at TIMESTAMPTZ`.execute(db);
  // Existing orders: what their fills say (capped at the quantity, which the CHECK below demands).
  await sql`
    UPDATE orders o SET
      filled_quantity = LEAST(f.quantity, o.quantity),
      average_fill_price = f.notional / f.quantity
    FROM (SELECT order_id, SUM(quantity) AS quantity, SUM(quantity * price) AS notional FROM fills GROUP BY order_id) f
    WHERE f.order_id = o.order_id`.execute(db);
  await sql`
    ALTER TABLE orders
      ADD CONSTRAINT orders_filled_quantity_range CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
      ADD CONSTRAINT orders_time_in_force_valid CHECK (time_in_force IN ('day', 'gtc', 'opg', 'cls', 'ioc', 'fok'))`.execute(db);
  // Reconciliation reads the orders in flight on start and periodically: a small partial index.
  await sql`
    CREATE INDEX idx_orders_in_flight ON orders (created_at)
    WHERE status IN ('pending', 'submitted', 'partially_filled')`.execute(db);
  await sql`CREATE INDEX idx_orders_prediction_id ON orders (prediction_id) WHERE prediction_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX idx_trading_events_order_id ON trading_events (order_id) WHERE order_id IS NOT NULL`.execute(db);

  // ---- trading controls ---------------------------------------------------------------------
  // Keyed by scope ('global' is the kill switch of the whole system) so a narrower switch needs
  // no new table. The global row exists from the start: "not halted" is a recorded state.
  await sql`
    CREATE TABLE trading_controls (
      scope VARCHAR(50) NOT NULL,
      halted BOOLEAN NOT NULL,
      reason TEXT,
      changed_by VARCHAR(100) NOT NULL,
      changed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
      CONSTRAINT trading_controls_pkey PRIMARY KEY (scope)
    )`.execute(db);
  await sql`
    INSERT INTO trading_controls (scope, halted, reason, changed_by)
    VALUES ('global', FALSE, 'initial state', 'migration')`.execute(db);

  // ---- backtest -----------------------------------------------------------------------------
  await sql`
    CREATE TABLE backtest_runs (
      run_id VARCHAR(64) NOT NULL,
      status VARCHAR(20) NOT NULL DEFAULT 'running',
      parameters JSONB NOT NULL,
      code_version VARCHAR(100),
      interval VARCHAR(10) NOT NULL,
      range_start TIMESTAMPTZ NOT NULL,
      range_end TIMESTAMPTZ NOT NULL,
      universe TEXT[] NOT NULL,
      strategy VARCHAR(50),
      model_id VARCHAR(50),
      sweep_id VARCHAR(64),
      report JSONB,
      error TEXT,
      correlation_id VARCHAR(50),
      created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
      finished_at TIMESTAMPTZ,
      CONSTRAINT backtest_runs_pkey PRIMARY KEY (run_id),
      CONSTRAINT backtest_runs_status_valid CHECK (status IN ('running', 'succeeded', 'failed')),
      CONSTRAINT backtest_runs_range_valid CHECK (range_end > range_start),
      CONSTRAINT backtest_runs_finished_when_done CHECK ((status = 'running') = (finished_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX idx_backtest_runs_created_at ON backtest_runs (created_at)`.execute(db);
  await sql`CREATE INDEX idx_backtest_runs_sweep_id ON backtest_runs (sweep_id) WHERE sweep_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE backtest_orders (
      run_id VARCHAR(64) NOT NULL,
      order_id VARCHAR(64) NOT NULL,
      symbol VARCHAR(32) NOT NULL,
      side VARCHAR(4) NOT NULL,
      quantity INTEGER NOT NULL,
      order_type VARCHAR(10) NOT NULL DEFAULT 'market',
      price DOUBLE PRECISION,
      status VARCHAR(20) NOT NULL,
      status_reason TEXT,
      filled_quantity INTEGER NOT NULL DEFAULT 0,
      average_fill_price DOUBLE PRECISION,
      strategy VARCHAR(50),
      model_id VARCHAR(50),
      prediction_id VARCHAR(50),
      bar_timestamp TIMESTAMPTZ NOT NULL,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      CONSTRAINT backtest_orders_pkey PRIMARY KEY (run_id, order_id),
      CONSTRAINT backtest_orders_run_id_fkey FOREIGN KEY (run_id) REFERENCES backtest_runs (run_id) ON DELETE CASCADE,
      CONSTRAINT backtest_orders_side_valid CHECK (side IN ('buy', 'sell')),
      CONSTRAINT backtest_orders_quantity_positive CHECK (quantity > 0),
      CONSTRAINT backtest_orders_filled_quantity_range CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
      CONSTRAINT backtest_orders_status_valid
        CHECK (status IN ('pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'))
    )`.execute(db);

  await sql`
    CREATE TABLE backtest_fills (
      run_id VARCHAR(64) NOT NULL,
      fill_id VARCHAR(64) NOT NULL,
      order_id VARCHAR(64) NOT NULL,
      symbol VARCHAR(32) NOT NULL,
      side VARCHAR(4) NOT NULL,
      quantity INTEGER NOT NULL,
      price DOUBLE PRECISION NOT NULL,
      commission DOUBLE PRECISION NOT NULL DEFAULT 0,
      timestamp TIMESTAMPTZ NOT NULL,
      CONSTRAINT backtest_fills_pkey PRIMARY KEY (run_id, fill_id),
      CONSTRAINT backtest_fills_order_fkey FOREIGN KEY (run_id, order_id)
        REFERENCES backtest_orders (run_id, order_id) ON DELETE CASCADE,
      CONSTRAINT backtest_fills_side_valid CHECK (side IN ('buy', 'sell')),
      CONSTRAINT backtest_fills_quantity_positive CHECK (quantity > 0),
      CONSTRAINT backtest_fills_price_positive CHECK (price > 0),
      CONSTRAINT backtest_fills_commission_non_negative CHECK (commission >= 0)
    )`.execute(db);
  await sql`CREATE INDEX idx_backtest_fills_order ON backtest_fills (run_id, order_id)`.execute(db);

  await sql`
    CREATE TABLE backtest_equity (
      run_id VARCHAR(64) NOT NULL,
      timestamp TIMESTAMPTZ NOT NULL,
      equity DOUBLE PRECISION NOT NULL,
      cash DOUBLE PRECISION NOT NULL,
      gross_exposure DOUBLE PRECISION NOT NULL,
      drawdown DOUBLE PRECISION NOT NULL,
      CONSTRAINT backtest_equity_pkey PRIMARY KEY (run_id, timestamp),
      CONSTRAINT backtest_equity_run_id_fkey FOREIGN KEY (run_id) REFERENCES backtest_runs (run_id) ON DELETE CASCADE,
      CONSTRAINT backtest_equity_gross_exposure_non_negative CHECK (gross_exposure >= 0),
      CONSTRAINT backtest_equity_drawdown_range CHECK (drawdown >= 0 AND drawdown <= 1)
    )`.execute(db);
}

// Reverses everything. Statuses map back to the old set (candidate → inactive, retired →
// archived); which of inactive/archived a retired row had before is not recorded, so up → down is
// faithful for active rows only.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS backtest_equity`.execute(db);
  await sql`DROP TABLE IF EXISTS backtest_fills`.execute(db);
  await sql`DROP TABLE IF EXISTS backtest_orders`.execute(db);
  await sql`DROP TABLE IF EXISTS backtest_runs`.execute(db);
  await sql`DROP TABLE IF EXISTS trading_controls`.execute(db);

  await sql`DROP INDEX IF EXISTS idx_trading_events_order_id`.execute(db);
  await sql`DROP INDEX IF EXISTS idx_orders_prediction_id`.execute(db);
  await sql`DROP INDEX IF EXISTS idx_orders_in_flight`.execute(db);
  // An expired order had reached an end state; the old set's nearest is cancelled.
  await sql`ALTER TABLE orders DROP CONSTRAINT orders_status_valid`.execute(db);
  await sql`UPDATE orders SET status = 'cancelled' WHERE status = 'expired'`.execute(db);
  await sql`
    ALTER TABLE orders
      ADD CONSTRAINT orders_status_valid
        CHECK (status IN ('pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected')),
      DROP CONSTRAINT orders_filled_quantity_range,
      DROP CONSTRAINT orders_time_in_force_valid,
      DROP COLUMN filled_quantity,
      DROP COLUMN average_fill_price,
      DROP COLUMN status_reason,
      DROP COLUMN broker_order_id,
      DROP COLUMN submitted_at,
      DROP COLUMN prediction_id,
      DROP COLUMN interval,
      DROP COLUMN bar_timestamp,
      DROP COLUMN time_in_force,
      DROP COLUMN expires_at`.execute(db);

  await sql`CREATE INDEX IF NOT EXISTS idx_predictions_model_id ON predictions (model_id)`.execute(db);
  await sql`DROP INDEX IF EXISTS idx_predictions_model_symbol_timestamp`.execute(db);

  await sql`DROP TABLE IF EXISTS model_artifacts`.execute(db);
  await sql`DROP INDEX IF EXISTS idx_models_active_interval`.execute(db);
  await sql`DROP INDEX IF EXISTS models_one_active_per_name`.execute(db);
  await sql`ALTER TABLE models DROP CONSTRAINT models_status_valid`.execute(db);
  await sql`UPDATE models SET status = CASE status WHEN 'candidate' THEN 'inactive' WHEN 'retired' THEN 'archived' ELSE status END`.execute(db);
  await sql`
    ALTER TABLE models
      ADD CONSTRAINT models_status_valid CHECK (status IN ('active', 'inactive', 'archived', 'training')),
      ALTER COLUMN status SET DEFAULT 'active',
      DROP COLUMN interval,
      DROP COLUMN prediction_type,
      DROP COLUMN promoted_at,
      DROP COLUMN retired_at`.execute(db);
}

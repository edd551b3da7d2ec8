// The feature-engineering service: slicing long histories, the dashboard view's refresh, the sweep.
import type { Interval } from '@mltrading/market';
import { integer } from '../fields.ts';
import { defineSection } from '../section.ts';
import { ingestIntervalField } from './shared-fields.ts';

export interface FeatureEngineeringSettings {
  /** Bars computed per slice of a long history; the event loop (and BullMQ's lock renewal) runs between slices. */
  readonly featuresChunkBars: number;
  /** Period of the dashboard view's scheduled refresh. */
  readonly featuresDashboardRefreshEveryMs: number;
  /** Quiet time after a backfill before the dashboard view is refreshed (debounce). */
  readonly featuresDashboardRefreshDelayMs: number;
  /** Period of the sweep that re-enqueues `features` work for bars newer than their engine state. */
  readonly featuresSweepEveryMs: number;
  /** The sweep's interval for a symbol without engine state (market_data has no interval). */
  readonly ingestInterval: Interval;
}

export const featureEngineeringSection = defineSection({
  name: 'feature-engineering',
  variables: {
    FEATURES_CHUNK_BARS: integer('FEATURES_CHUNK_BARS', 1_000, 10_000_000).default(10_000),
    FEATURES_DASHBOARD_REFRESH_EVERY_MS: integer('FEATURES_DASHBOARD_REFRESH_EVERY_MS', 1_000, 604_800_000).default(3_600_000),
    FEATURES_DASHBOARD_REFRESH_DELAY_MS: integer('FEATURES_DASHBOARD_REFRESH_DELAY_MS', 0, 86_400_000).default(30_000),
    FEATURES_SWEEP_EVERY_MS: integer('FEATURES_SWEEP_EVERY_MS', 1_000, 604_800_000).default(900_000),
    INGEST_INTERVAL: ingestIntervalField,
  },
  read: (raw): FeatureEngineeringSettings => ({
    featuresChunkBars: raw.FEATURES_CHUNK_BARS,
    featuresDashboardRefreshEveryMs: raw.FEATURES_DASHBOARD_REFRESH_EVERY_MS,
    featuresDashboardRefreshDelayMs: raw.FEATURES_DASHBOARD_REFRESH_DELAY_MS,
    featuresSweepEveryMs: raw.FEATURES_SWEEP_EVERY_MS,
    ingestInterval: raw.INGEST_INTERVAL,
  }),
});

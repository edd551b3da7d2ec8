import { refreshDashboardSummary } from '@mltrading/db';
import { featuresMaintenanceQueue, type MaintenanceDataOf } from '@mltrading/queues';
import type { FeatureEngineeringConfig } from '@mltrading/config';
import { startScheduledQueue, type ScheduledQueue, type ServiceContext, type ServiceTask } from '@mltrading/service-kit';
import { DelayedError, type Queue } from 'bullmq';

/** This service's own queue; its contract (name, job name, data schema) is in @mltrading/queues. */
export const DASHBOARD_QUEUE = featuresMaintenanceQueue.name;
export const DASHBOARD_JOB = featuresMaintenanceQueue.jobName;
export const DASHBOARD_SCHEDULER_ID = featuresMaintenanceQueue.schedulerId;
/** One pending post-backfill refresh at a time: further requests while it waits are no-ops. */
export const AFTER_BACKFILL_JOB_ID = 'dashboard-refresh-after-backfill';

export type DashboardRefreshData = MaintenanceDataOf<'features-maintenance'>;

export interface DashboardRefresherOptions {
  readonly everyMs: number;
  /** Quiet time after a backfill before refreshing; postponed again while feature jobs are queued. */
  readonly afterBackfillDelayMs: number;
}

/**
 * Keeps `mv_features_dashboard_summary` fresh: a BullMQ job scheduler refreshes it CONCURRENTLY
 * every `everyMs` (every replica upserts the same scheduler, so there is one schedule), and a
 * debounced job refreshes it once a backfill has drained the `features` queue. A service stopped
 * while that job still waits out its quiet time runs it on the way out (see `close`).
 */
export class DashboardRefresher {
  private scheduled: ScheduledQueue | undefined;
  private readonly started: Promise<void>;
  private markStarted!: () => void;

  private options!: DashboardRefresherOptions;
  private context: Pick<ServiceContext, 'db' | 'logger'> | undefined;
  private features: Pick<Queue, 'getJobCounts'> | undefined;

  /** Without overrides the periods come from the configuration (FEATURES_DASHBOARD_REFRESH_*). */
  constructor(private readonly overrides: Partial<DashboardRefresherOptions> = {}) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  /** The refresher as a service task: started after the workers, stopped right after their drain. */
  asTask(): ServiceTask<FeatureEngineeringConfig> {
    return {
      name: 'dashboard refresher',
      start: async (context) => {
        await this.start(context);
        return { stop: () => this.close() };
      },
    };
  }

  async start(context: Pick<ServiceContext<FeatureEngineeringConfig>, 'config' | 'db' | 'logger' | 'queues'>): Promise<void> {
    const { config, db, logger, queues } = context;
    this.options = {
      everyMs: this.overrides.everyMs ?? config.featuresDashboardRefreshEveryMs,
      afterBackfillDelayMs: this.overrides.afterBackfillDelayMs ?? config.featuresDashboardRefreshDelayMs,
    };
    const log = logger.child({ queue: DASHBOARD_QUEUE });
    this.features = queues.queue('features');
    this.context = { db, logger: log };
    this.scheduled = await startScheduledQueue<DashboardRefreshData>(context, {
      queueName: DASHBOARD_QUEUE,
      schema: featuresMaintenanceQueue.schema,
      schedulerId: DASHBOARD_SCHEDULER_ID,
      everyMs: this.options.everyMs,
      jobName: DASHBOARD_JOB,
      data: { reason: 'schedule' },
      process: async (job, token) => {
        if (job.data.reason === 'backfill' && token !== undefined) {
          if ((await this.pendingFeatureJobs()) > 0) {
            // Still backfilling: refreshing now would be stale in a moment. Same job id, later.
            await job.moveToDelayed(Date.now() + Math.max(1_000, this.options.afterBackfillDelayMs), token);
            throw new DelayedError();
          }
        }
        const began = performance.now();
        await refreshDashboardSummary(db, { concurrently: true });
        const ms = Math.round(performance.now() - began);
        log.info({ reason: job.data.reason, ms }, 'dashboard summary refreshed');
        return { reason: job.data.reason, ms };
      },
    });
    this.markStarted();
  }

  /** Schedules one refresh after the current backfill (no-op if one is already pending). */
  async requestAfterBackfill(): Promise<void> {
    await this.started;
    await this.scheduled!.queue.add(
      DASHBOARD_JOB,
      { reason: 'backfill' },
      {
        jobId: AFTER_BACKFILL_JOB_ID,
        delay: this.options.afterBackfillDelayMs,
        attempts: 3,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  async close(): Promise<void> {
    // The worker first (a running refresh finishes), then the shutdown flush, then the rest.
    await this.scheduled?.worker.close();
    try {
      await this.flushAfterBackfill();
    } catch (err) {
      this.context?.logger.warn({ err }, 'post-backfill dashboard refresh at shutdown failed; the schedule will catch up');
    }
    await this.scheduled?.stop();
  }

  /**
   * Runs a post-backfill refresh that is still waiting out its quiet time, if the backfill is over.
   * Otherwise a service stopped right after a backfill (a demo, `docker compose stop`) leaves the
   * view without the new rows until a replica starts again or the hourly run comes. While feature
   * jobs are still queued the job is left for the replicas that keep running. Removing the job is
   * the claim: of several replicas stopping at once only one gets it, and a job another worker is
   * already running is locked, so it is not removed and not run twice.
   */
  private async flushAfterBackfill(): Promise<void> {
    const queue = this.scheduled?.queue;
    if (queue === undefined || this.context === undefined) return;
    const job = await queue.getJob(AFTER_BACKFILL_JOB_ID);
    if (job === undefined || !((await job.isDelayed()) || (await job.isWaiting()))) return;
    if ((await this.pendingFeatureJobs()) > 0) return;
    if ((await queue.remove(AFTER_BACKFILL_JOB_ID)) !== 1) return;
    const began = performance.now();
    await refreshDashboardSummary(this.context.db, { concurrently: true });
    this.context.logger.info({ reason: 'backfill', ms: Math.round(performance.now() - began), atShutdown: true }, 'dashboard summary refreshed');
  }

  private async pendingFeatureJobs(): Promise<number> {
    const counts = await this.features!.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }
}

/**
 * The IPC protocol between the supervisor (src/supervisor/supervisor.ts) and its server processes
 * (src/server/server-process.ts), over the `child_process.fork` channel with structured-clone
 * serialization. Messages are small and rare: a server process reports an app's in-flight state only
 * when it changes between none and some, and metrics travel only when `/metrics` is scraped.
 */
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { ServeOptions } from '../config/serve-options.ts';

/** prom-client's `getMetricsAsJSON()` of one registry. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/** Supervisor → server process. */
export type ToServer =
  /** The first message: what to serve. */
  | {
      type: 'start';
      options: ServeOptions;
      /** This process runs the cron triggers (exactly one process does). */
      runsCron: boolean;
      quarantined: string[];
    }
  /** The full set of quarantined apps (sent whenever it changes). */
  | { type: 'quarantine'; apps: string[] }
  /** Send this process's metrics for collection `id`. */
  | { type: 'collect'; id: number }
  /** The aggregated metrics text this process asked for with `id`. */
  | { type: 'metrics'; id: number; text: string; contentType: string }
  /** Drain and exit (SIGTERM/SIGINT reached the supervisor). */
  | { type: 'shutdown' };

/** Server process → supervisor. */
export type ToSupervisor =
  /** Listening on `port`; `fields` describe the apps for the supervisor's one `listening` line. */
  | { type: 'listening'; port: number; fields: Record<string, unknown> }
  | { type: 'ready'; fields: Record<string, unknown> }
  /** A quarantined app has new code here (a reload): its quarantine ends. */
  | { type: 'app-changed'; app: string }
  /** `app` now has requests in flight here (`busy`), or none any more. */
  | { type: 'app-activity'; app: string; busy: boolean }
  /** `/metrics` was asked for here: aggregate every process's metrics. */
  | { type: 'metrics-request'; id: number }
  /** This process's metrics, for collection `id`. */
  | { type: 'collected'; id: number; metrics: MetricsSnapshot };

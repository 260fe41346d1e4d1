/**
 * One server process of `nano serve` (started by the supervisor: src/supervisor/supervisor.ts), from
 * start to exit:
 *   1. load the apps once on the main thread (src/apps/: config, bundle, a throw-away isolate), so a
 *      syntax error or a missing handler stops start-up with the file and line (exit 1) before a port
 *      is taken;
 *   2. start the pool (with `--app` each thread loads the app; with `--apps` isolates are created on
 *      first request) and the front door on the shared port (SO_REUSEPORT); report it to the supervisor,
 *      which logs the URL once for all processes;
 *   3. `/readyz` turns 200 when every thread is up (with `--app`: has the app loaded);
 *   4. shutdown (the supervisor's order, or SIGTERM/SIGINT reaching this process): the drain in
 *      src/server/drain.ts. A second signal exits at once.
 */
import { RequestPool } from '../../pool/pool.ts';
import { type HostedApps, openHostedApps } from '../apps/hosted-apps.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import type { ServeOptions } from '../config/serve-options.ts';
import { startServerCron } from '../cron/server-cron.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { createIsolateCounterBuffer } from '../metrics/isolate-counters.ts';
import { ServerMetrics } from '../metrics/metrics.ts';
import { AppActivity } from '../supervisor/app-activity.ts';
import type { MetricsSnapshot } from '../supervisor/messages.ts';
import type { ServerLink } from '../supervisor/server-link.ts';
import { builtinRoutes, type Readiness } from './builtin-endpoints.ts';
import { Dispatcher } from './dispatch.ts';
import { drain } from './drain.ts';
import { type HttpServer, ListenError, startHttpServer } from './http-server.ts';
import { readRequest } from './read-request.ts';

/** How long terminating the pool threads may take before NANO exits anyway (a thread stuck in a loop). */
const POOL_DESTROY_TIMEOUT_MS = 2000;

/**
 * Resolves with the reason to shut down: the supervisor's order (or its disappearance), or a first
 * SIGTERM/SIGINT reaching this process directly (Ctrl+C signals the whole process group). A second
 * signal exits at once.
 */
function stopRequests(link: ServerLink, logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) {
        logger.warn('second signal: exiting at once', { signal });
        logger.flush();
        process.exit(ExitCode.failure);
      }
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void link.shutdownRequested.then((why) => resolve(why === 'shutdown' ? 'supervisor' : 'supervisor gone'));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Runs the server process until it is told to stop; returns the exit code. */
export async function serve(options: ServeOptions, link: ServerLink, runsCron: boolean): Promise<number> {
  const logger = createLogger(options.log, { sync: false });
  const stopped = stopRequests(link, logger);
  let apps: HostedApps;
  try {
    apps = await openHostedApps(options.apps, options.startupTimeoutMs, logger, options.processes);
  } catch (error) {
    const what = options.apps.source.kind === 'app' ? 'the app' : 'an app';
    process.stderr.write(`nano serve: ${what} cannot be loaded\n${(error as Error).message}\n`);
    return ExitCode.failure;
  }

  const isolateCounters = createIsolateCounterBuffer();
  const metrics = new ServerMetrics({ isolateCounters, poolLoad: () => pool.load });
  link.onCollect(() => metrics.registry.getMetricsAsJSON() as Promise<MetricsSnapshot>);
  let readiness: Readiness = 'starting';
  const pool = new RequestPool({
    threads: options.threads,
    threadConcurrency: options.threadConcurrency,
    maxQueue: options.maxQueue,
    thread: {
      apps: apps.threadApps,
      warm: apps.warm,
      log: options.log,
      startupTimeoutMs: options.startupTimeoutMs,
      limits: options.limits.isolate,
      recycle: options.recycle,
      isolateCounters,
      outbound: options.outbound,
    },
    onThreadError: (error) =>
      logger.error('a pool thread failed', { error: error instanceof Error ? error.stack : String(error) }),
  });
  const activity = new AppActivity(
    (app, busy) => link.appActivity(app, busy),
    (app) => link.isQuarantined(app),
  );
  const dispatcher = new Dispatcher(pool, metrics, logger, {
    route: (url) => apps.route(url),
    responseTimeoutMs: options.responseTimeoutMs,
    supervision: activity,
  });
  const frontDoor = apps.frontDoor(dispatcher, options.builtinsPrefix);
  apps.start(() => pool.threadCount);
  const limits = {
    maxBodyBytes: options.maxBodyBytes,
    maxUrlLength: options.limits.maxUrlLength,
    captureRemoteAddress: logger.needsClientDetails,
  };
  let server: HttpServer;
  try {
    server = await startHttpServer({
      host: options.host,
      port: options.port,
      maxHeaderBytes: options.maxHeaderBytes,
      routes: builtinRoutes(options.builtinsPrefix, {
        readiness: () => readiness,
        metrics: {
          contentType: metrics.contentType,
          render: () => link.aggregatedMetrics().then((answer) => answer.text),
        },
        reportError: (error) => dispatcher.reportError(error),
      }),
      fallback: (res, req) => readRequest(res, req, limits, frontDoor),
    });
  } catch (error) {
    dispatcher.stop();
    await Promise.race([pool.destroy(), delay(POOL_DESTROY_TIMEOUT_MS)]);
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`nano serve: ${error.message}\n`);
    return ExitCode.failure;
  }

  const appFields = apps.warm === undefined ? { apps: apps.names } : { app: apps.warm };
  logger.debug('server process listening', { port: server.port });
  link.listening(server.port, appFields);
  link.watchVersions((name) => apps.threadApps.find((app) => app.name === name)?.version);
  void pool.ready.then(() => {
    if (readiness !== 'starting') return;
    readiness = 'ready';
    link.ready(appFields);
  });
  // Exactly one process runs the cron triggers, or every scheduled event would run once per process.
  const cron = startServerCron({
    jobs: (runsCron ? apps.threadApps : []).map((app) => ({
      app: app.name,
      crons: [...(app.crons ?? []), ...(app.name === apps.warm ? options.crons : [])],
    })),
    dispatch: pool,
    logger,
    registry: metrics.registry,
    minuteMs: options.cronMinuteMs,
  });

  const reason = await stopped;
  readiness = 'draining';
  cron.stop();
  apps.close();
  await drain(
    {
      logger,
      server,
      dispatcher,
      activity,
      isolateCounters,
      shutdownDelayMs: options.shutdownDelayMs,
      drainTimeoutMs: options.drainTimeoutMs,
    },
    reason,
  );
  dispatcher.stop();
  server.close();
  await Promise.race([pool.destroy(), delay(POOL_DESTROY_TIMEOUT_MS)]);
  logger.info('server process stopped');
  logger.flush();
  return ExitCode.ok;
}

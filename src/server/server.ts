/**
 * `nano serve` from start to exit:
 *   1. load the app once on the main thread, so a syntax error or a missing handler stops start-up
 *      with the file and line (exit 1) before a port is taken;
 *   2. start the pool (each thread loads the app) and the front door; log the URL;
 *   3. `/readyz` turns 200 when every thread has the app loaded;
 *   4. SIGINT/SIGTERM: `/readyz` 503, stop accepting, let in-flight requests finish (briefly), exit 0.
 *      (The full drain with a shutdown delay comes with the supervisor.)
 */
import { AppIsolate, type LoadOutcome } from '../../pool/app-isolate.ts';
import { RequestPool } from '../../pool/pool.ts';
import { ExitCode } from '../cli/exit-codes.ts';
import type { ServeOptions } from '../config/serve-options.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { ServerMetrics } from '../metrics/metrics.ts';
import { builtinRoutes, type Readiness } from './builtin-endpoints.ts';
import { Dispatcher } from './dispatch.ts';
import { type HttpServer, ListenError, startHttpServer } from './http-server.ts';
import { readRequest } from './read-request.ts';

/** How long terminating the pool threads may take before NANO exits anyway (a thread stuck in a loop). */
const POOL_DESTROY_TIMEOUT_MS = 2000;

const discard = () => {};

/** Loads the app in a throw-away isolate on this thread: the same checks every pool thread will make. */
async function validateApp(options: ServeOptions): Promise<LoadOutcome> {
  const isolate = new AppIsolate(
    options.app,
    { console: discard, error: discard, warn: discard },
    options.startupTimeoutMs,
  );
  const outcome = await isolate.loaded;
  isolate.dispose();
  return outcome;
}

function stopSignals(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received !== undefined) {
        logger.info('already shutting down', { signal });
        return;
      }
      received = signal;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Runs the server until a stop signal; returns the exit code. */
export async function serve(options: ServeOptions): Promise<number> {
  const logger = createLogger(options.log, { sync: false });
  const stopped = stopSignals(logger);
  const validation = await validateApp(options);
  if (!validation.ok) {
    process.stderr.write(`nano serve: the app cannot be loaded\n${validation.error}\n`);
    return ExitCode.failure;
  }

  const metrics = new ServerMetrics();
  let readiness: Readiness = 'starting';
  const pool = new RequestPool({
    threads: options.threads,
    threadConcurrency: options.threadConcurrency,
    maxQueue: options.maxQueue,
    thread: { app: options.app, log: options.log, startupTimeoutMs: options.startupTimeoutMs },
    onThreadError: (error) =>
      logger.error('a pool thread failed', { error: error instanceof Error ? error.stack : String(error) }),
  });
  const dispatcher = new Dispatcher(pool, metrics, logger, {
    app: options.app.name,
    responseTimeoutMs: options.responseTimeoutMs,
  });
  const limits = { maxBodyBytes: options.maxBodyBytes, captureRemoteAddress: logger.needsClientDetails };
  let server: HttpServer;
  try {
    server = await startHttpServer({
      host: options.host,
      port: options.port,
      maxHeaderBytes: options.maxHeaderBytes,
      routes: builtinRoutes(options.builtinsPrefix, {
        readiness: () => readiness,
        metrics,
        reportError: (error) => dispatcher.reportError(error),
      }),
      fallback: (res, req) => readRequest(res, req, limits, dispatcher),
    });
  } catch (error) {
    dispatcher.stop();
    await Promise.race([pool.destroy(), delay(POOL_DESTROY_TIMEOUT_MS)]);
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`nano serve: ${error.message}\n`);
    return ExitCode.failure;
  }

  const url = serverUrl(options.host, server.port);
  logger.info('listening', {
    url,
    app: options.app.name,
    entry: options.app.entry,
    threads: options.threads,
  });
  void pool.ready.then(() => {
    if (readiness !== 'starting') return;
    readiness = 'ready';
    logger.info('ready', { app: options.app.name, threads: pool.threadCount });
  });

  const signal = await stopped;
  readiness = 'draining';
  logger.info('shutting down', { signal, inFlight: dispatcher.inFlight });
  server.stopAccepting();
  await dispatcher.whenIdle(options.shutdownGraceMs);
  dispatcher.abandonInFlight();
  dispatcher.stop();
  server.close();
  await Promise.race([pool.destroy(), delay(POOL_DESTROY_TIMEOUT_MS)]);
  logger.info('stopped', { signal });
  logger.flush();
  return ExitCode.ok;
}

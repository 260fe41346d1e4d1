/**
 * Request → pool task → response: the one place requests leave the main thread, so batching or
 * another transport can replace `pool.run` without touching the front door. NANO counts its own
 * in-flight requests (for the response deadline and for shutdown), records metrics and writes one
 * access line per request.
 *
 * Outcomes NANO answers itself: the response deadline passes → 504 (the app's late answer is dropped);
 * the pool's queue is full → 503 with `Retry-After`; the thread running the request died → 502.
 */
import { RequestPool } from '../../pool/pool.ts';
import type { StreamedBody } from '../../pool/stream-protocol.ts';
import type { RequestTask, ResponseResult } from '../../pool/task.ts';
import type { AccessRecord, Logger } from '../log/logger.ts';
import type { ServerMetrics } from '../metrics/metrics.ts';
import type { Exchange, IncomingRequest } from './exchange.ts';
import type { RequestSink } from './read-request.ts';
import type { RouteMatch } from './router.ts';
import { writeStreamedResponse } from './stream-response.ts';
import { writeError, writeResponse } from './write-response.ts';

export interface DispatchOptions {
  /** Which app a request is for, and the URL it sees (src/server/router.ts); `undefined` → 404 from NANO. */
  route(url: string): RouteMatch | undefined;
  responseTimeoutMs: number;
  /** The supervisor's view (src/supervisor/app-activity.ts): quarantined apps, apps with requests in flight. */
  supervision?: DispatchSupervision;
}

export interface DispatchSupervision {
  /** The app is quarantined: answer 503 without running it. */
  quarantined(app: string): boolean;
  started(app: string): void;
  finished(app: string): void;
}

/** nginx's "client closed request": logged when the client left before its response. */
const CLIENT_CLOSED = 499;

/** How often the deadline is checked: a 30 s deadline is kept to within this. */
const DEADLINE_CHECK_MS = 250;

const RETRY_AFTER = ['retry-after', '1'];

interface InFlight {
  request: IncomingRequest;
  /** The deadline counts from here: a slow upload is uWS's to time out, not the app's. */
  dispatchedAt: number;
}

function headerIn(headers: readonly string[], name: string): string {
  for (let index = 0; index < headers.length; index += 2) {
    if (headers[index] === name) return headers[index + 1] as string;
  }
  return '';
}

export class Dispatcher implements RequestSink {
  readonly #pool: RequestPool;
  readonly #metrics: ServerMetrics;
  readonly #logger: Logger;
  readonly #options: DispatchOptions;
  /** In dispatch order, so the oldest requests are checked against the deadline first. */
  readonly #inFlight = new Map<Exchange, InFlight>();
  readonly #deadlineTimer: NodeJS.Timeout;
  #idleWaiters: Array<() => void> = [];

  constructor(pool: RequestPool, metrics: ServerMetrics, logger: Logger, options: DispatchOptions) {
    this.#pool = pool;
    this.#metrics = metrics;
    this.#logger = logger;
    this.#options = options;
    this.#deadlineTimer = setInterval(() => this.#enforceDeadline(), DEADLINE_CHECK_MS).unref();
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  deliver(exchange: Exchange, request: IncomingRequest): void {
    const match = this.#options.route(request.url);
    if (match === undefined) {
      const message = `Not Found: no app on this server is routed for ${request.url}`;
      this.#record(exchange, request, 404, writeError(exchange, 404, message), false);
      return;
    }
    request.app = match.app;
    request.url = match.url;
    const supervision = this.#options.supervision;
    if (supervision?.quarantined(request.app)) {
      const message = `Service Unavailable: the app "${request.app}" is quarantined: its server process crashed repeatedly while running it`;
      this.#record(exchange, request, 503, writeError(exchange, 503, message), false);
      return;
    }
    supervision?.started(request.app);
    this.#inFlight.set(exchange, { request, dispatchedAt: performance.now() });
    const task: RequestTask = {
      app: request.app,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
    };
    this.#pool.run(task).then(
      (result) => this.#respond(exchange, request, result),
      (error: unknown) => this.#poolFailed(exchange, request, error),
    );
  }

  reportError(error: unknown): void {
    this.#logger.error('internal error while handling a request', { error: describe(error) });
  }

  /** Resolves when no request is in flight, or after `timeoutMs` (whichever comes first). */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Answers every request still in flight with 503 (the server is going away). */
  abandonInFlight(): void {
    for (const [exchange, { request }] of this.#inFlight) {
      this.#inFlight.delete(exchange);
      const bytes = writeError(exchange, 503, 'Service Unavailable: the server is shutting down', {
        close: true,
      });
      this.#record(exchange, request, 503, bytes);
    }
    this.#wakeIdleWaiters();
  }

  stop(): void {
    clearInterval(this.#deadlineTimer);
  }

  #respond(exchange: Exchange, request: IncomingRequest, result: ResponseResult): void {
    if (!this.#inFlight.delete(exchange)) {
      // Already answered (504, shutdown): closing the port cancels the app's stream.
      result.stream?.port.close();
      return;
    }
    if (result.limit !== undefined) this.#metrics.recordLimitTermination(result.limit);
    try {
      if (result.stream) {
        this.#respondStreamed(exchange, request, result, result.stream);
        return;
      }
      const bytes = writeResponse(exchange, result, request.method === 'HEAD');
      this.#record(exchange, request, result.status, bytes);
    } catch (error) {
      // A throw here would surface as an unhandled rejection and end the process.
      this.reportError(error);
    }
  }

  /** The access line and metrics wait for the end of the body (src/server/stream-response.ts). */
  #respondStreamed(
    exchange: Exchange,
    request: IncomingRequest,
    result: ResponseResult,
    stream: StreamedBody,
  ): void {
    const response = {
      status: result.status,
      statusText: result.statusText,
      headers: result.headers,
      stream,
    };
    const headOnly = request.method === 'HEAD';
    writeStreamedResponse(exchange, response, headOnly, this.#options.responseTimeoutMs, (outcome) => {
      // A stream that failed was logged by its thread, with the app's error.
      if (outcome.ending === 'idle') {
        this.#logger.warn('response body stream stalled past the idle timeout; connection closed', {
          app: request.app,
          method: request.method,
          url: request.url,
          bytes: outcome.bytes,
        });
      }
      this.#record(exchange, request, result.status, outcome.bytes);
    });
  }

  #poolFailed(exchange: Exchange, request: IncomingRequest, error: unknown): void {
    if (!this.#inFlight.delete(exchange)) return;
    let bytes: number;
    let status: number;
    if (RequestPool.isQueueFull(error)) {
      status = 503;
      bytes = writeError(exchange, status, 'Service Unavailable: the server is at capacity, retry shortly', {
        headers: RETRY_AFTER,
      });
    } else {
      status = 502;
      this.#logger.error('pool thread failed while handling a request', {
        app: request.app,
        method: request.method,
        url: request.url,
        error: describe(error),
      });
      bytes = writeError(exchange, status, 'Bad Gateway: the worker handling the request failed');
    }
    this.#record(exchange, request, status, bytes);
  }

  #enforceDeadline(): void {
    const expiredBefore = performance.now() - this.#options.responseTimeoutMs;
    for (const [exchange, { request, dispatchedAt }] of this.#inFlight) {
      if (dispatchedAt > expiredBefore) break;
      this.#inFlight.delete(exchange);
      this.#logger.warn('response deadline passed', {
        app: request.app,
        method: request.method,
        url: request.url,
        timeoutMs: this.#options.responseTimeoutMs,
      });
      const bytes = writeError(exchange, 504, 'Gateway Timeout: the app did not respond in time');
      this.#record(exchange, request, 504, bytes);
    }
  }

  #record(exchange: Exchange, request: IncomingRequest, status: number, bytes: number, counted = true): void {
    if (counted) this.#options.supervision?.finished(request.app);
    const durationMs = performance.now() - exchange.startedAt;
    const logged = exchange.aborted ? CLIENT_CLOSED : status;
    this.#metrics.recordRequest(logged, durationMs / 1000, request.app);
    if (this.#logger.accessEnabled) {
      const details = this.#logger.needsClientDetails;
      const record: AccessRecord = {
        method: request.method,
        path: request.path,
        status: logged,
        bytes,
        durationMs,
        app: request.app,
        remoteAddress: request.remoteAddress,
        referer: details ? headerIn(request.headers, 'referer') : '',
        userAgent: details ? headerIn(request.headers, 'user-agent') : '',
      };
      this.#logger.access(record);
    }
    if (this.#inFlight.size === 0) this.#wakeIdleWaiters();
  }

  #wakeIdleWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

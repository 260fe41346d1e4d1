/**
 * NANO's own endpoints, answered on the main thread without touching the pool, so they stay cheap
 * and truthful when every thread is busy:
 *   /health, /healthz  liveness: the process answers (never depends on an app);
 *   /readyz            readiness: 200 once the pool threads have loaded the app, 503 before and while
 *                      shutting down (Kubernetes probe semantics);
 *   /metrics           Prometheus text (src/metrics/metrics.ts, summed over processes: aggregate.ts).
 * `prefix` moves them (`/_nano/metrics`), leaving the root paths to the app. GET and HEAD only: other
 * methods on these paths go to the app.
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import { Exchange } from './exchange.ts';
import { writeResponse } from './write-response.ts';

export type Readiness = 'starting' | 'ready' | 'draining';

export interface BuiltinState {
  readiness(): Readiness;
  /** `/metrics`: in a server process, every process's metrics summed by the supervisor. */
  readonly metrics: { readonly contentType: string; render(): Promise<string> };
  reportError(error: unknown): void;
}

export type RouteHandler = (res: HttpResponse, req: HttpRequest) => void;

export interface BuiltinRoute {
  path: string;
  handler: RouteHandler;
}

const JSON_TYPE = 'application/json';
const encoder = new TextEncoder();

function answer(exchange: Exchange, headOnly: boolean, status: number, type: string, text: string): void {
  writeResponse(
    exchange,
    { status, statusText: '', headers: ['content-type', type], body: encoder.encode(text).buffer },
    headOnly,
  );
}

function jsonRoute(respond: () => [number, string]): RouteHandler {
  return (res, req) => {
    const exchange = new Exchange(res);
    const [status, text] = respond();
    answer(exchange, req.getMethod() === 'head', status, JSON_TYPE, text);
  };
}

export function builtinRoutes(prefix: string, state: BuiltinState): BuiltinRoute[] {
  const health = jsonRoute(() => [200, '{"status":"ok"}']);
  const readyz = jsonRoute(() => {
    const readiness = state.readiness();
    return [readiness === 'ready' ? 200 : 503, JSON.stringify({ status: readiness })];
  });
  const metrics: RouteHandler = (res, req) => {
    const exchange = new Exchange(res);
    const headOnly = req.getMethod() === 'head';
    state.metrics.render().then(
      (text) => answer(exchange, headOnly, 200, state.metrics.contentType, text),
      (error: unknown) => {
        answer(exchange, headOnly, 500, 'text/plain; charset=utf-8', 'metrics could not be collected\n');
        state.reportError(error);
      },
    );
  };
  return [
    { path: `${prefix}/health`, handler: health },
    { path: `${prefix}/healthz`, handler: health },
    { path: `${prefix}/readyz`, handler: readyz },
    { path: `${prefix}/metrics`, handler: metrics },
  ];
}

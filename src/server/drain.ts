/**
 * A server process's graceful shutdown, in the order load balancers and Kubernetes expect (reliability
 * notes, scenario 24 and "Kubernetes sequence"): `/readyz` already answers 503 when this starts;
 *   1. keep serving for the shutdown delay, so the pod leaves the Service endpoints before it stops
 *      accepting (lightship's `shutdownDelay`, 5 s by default);
 *   2. stop accepting connections and end every further response with `Connection: close`;
 *   3. wait for the requests in flight — NANO's own count, since piscina's `close()` does not wait —
 *      and then for their `ctx.waitUntil` work, until the drain deadline;
 *   4. answer whatever is left with 503.
 * The caller then closes the sockets and the pool and exits 0.
 */
import type { Logger } from '../log/logger.ts';
import { readIsolateCounts } from '../metrics/isolate-counters.ts';
import type { AppActivity } from '../supervisor/app-activity.ts';
import type { Dispatcher } from './dispatch.ts';
import type { HttpServer } from './http-server.ts';
import { closeConnectionsAfterResponses } from './write-response.ts';

/** How often the `waitUntil` count is read while waiting for it to reach zero. */
const WAIT_UNTIL_POLL_MS = 50;

export interface DrainTarget {
  logger: Logger;
  server: HttpServer;
  dispatcher: Dispatcher;
  activity: AppActivity;
  isolateCounters: SharedArrayBuffer;
  shutdownDelayMs: number;
  drainTimeoutMs: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function waitUntilWorkDone(counters: SharedArrayBuffer, deadline: number): Promise<boolean> {
  while (readIsolateCounts(counters).waitUntil > 0) {
    if (performance.now() >= deadline) return false;
    await delay(WAIT_UNTIL_POLL_MS);
  }
  return true;
}

export async function drain(target: DrainTarget, reason: string): Promise<void> {
  const { logger, activity } = target;
  logger.info('draining', { reason, inFlight: activity.total, shutdownDelayMs: target.shutdownDelayMs });
  if (target.shutdownDelayMs > 0) await delay(target.shutdownDelayMs);
  target.server.stopAccepting();
  closeConnectionsAfterResponses();
  const deadline = performance.now() + target.drainTimeoutMs;
  await Promise.race([activity.whenIdle(), delay(target.drainTimeoutMs)]);
  const workDone = await waitUntilWorkDone(target.isolateCounters, deadline);
  if (activity.total > 0 || !workDone) {
    logger.warn('drain deadline passed: what is left is answered 503 or dropped', {
      inFlight: activity.total,
      waitUntil: readIsolateCounts(target.isolateCounters).waitUntil,
      drainTimeoutMs: target.drainTimeoutMs,
    });
  }
  target.dispatcher.abandonInFlight();
}

/**
 * The piscina entry, run in every pool thread: one IsolateManager, the thread's logger, and the batch
 * handler (pool/batch.ts). The app registry and readiness report are pool/thread-registry.ts's. Nothing here may throw while the module loads: piscina stops replacing threads for good
 * after one fails during its start-up (reliability notes, scenario 22).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configureOutbound } from '../apis/fetch/host-settings.ts';
import { appLogFor } from '../src/log/app-log.ts';
import { createLogger } from '../src/log/logger.ts';
import { installIsolateCounters } from '../src/metrics/isolate-counters.ts';
import {
  BATCH_RESULTS,
  type BatchResults,
  type BatchResultsMessage,
  movableResults,
  type RequestBatch,
  resultsTransferList,
} from './batch.ts';
import { useBundleCodeCache } from './bootstrap.ts';
import { useIsolateBundle } from './isolate-bundle.ts';
import { IsolateManager } from './isolate-manager.ts';
import {
  isScheduledTask,
  plainTextResult,
  type RequestTask,
  type ResponseResult,
  type ScheduledResult,
  type ScheduledTask,
  type ThreadConfig,
} from './task.ts';
import { startThreadRegistry } from './thread-registry.ts';

const config = workerData as ThreadConfig;
if (config.isolateCode) {
  useIsolateBundle(config.isolateCode.bundle);
  if (config.isolateCode.codeCache) useBundleCodeCache(config.isolateCode.codeCache);
}
const logger = createLogger(config.log, { sync: true });
installIsolateCounters(config.isolateCounters);
configureOutbound(config.outbound);
const manager = new IsolateManager({
  log: (app) => appLogFor(logger, app.name),
  startupTimeoutMs: config.startupTimeoutMs,
  limits: config.limits,
  recycle: config.recycle,
});
startThreadRegistry(manager, config, logger);

function handleRequest(task: RequestTask): Promise<ResponseResult> {
  return manager.dispatch(task);
}

/** A batch being answered: the responses not yet posted, and how many requests are still running. */
interface OpenBatch {
  unsent: BatchResults;
  running: number;
  done(results: BatchResults): void;
}

const openBatches = new Set<OpenBatch>();
let flushScheduled = false;

/** Posts, in one message, the responses that open batches have ready (see pool/batch.ts). */
function flushEarlyResults(): void {
  flushScheduled = false;
  const early: BatchResults = { ids: [], results: [] };
  for (const batch of openBatches) {
    early.ids.push(...batch.unsent.ids);
    early.results.push(...batch.unsent.results);
    batch.unsent = { ids: [], results: [] };
  }
  if (early.ids.length === 0) return;
  const message: BatchResultsMessage = { [BATCH_RESULTS]: early };
  parentPort?.postMessage(message, resultsTransferList(early.results));
}

function answered(batch: OpenBatch, id: number, result: ResponseResult): void {
  batch.unsent.ids.push(id);
  batch.unsent.results.push(result);
  batch.running--;
  if (batch.running === 0) {
    openBatches.delete(batch);
    batch.done(batch.unsent);
  } else if (!flushScheduled) {
    // After the microtasks of this turn: responses settled together leave together.
    flushScheduled = true;
    setImmediate(flushEarlyResults);
  }
}

function failed(error: unknown): ResponseResult {
  logger.error('pool thread failed while handling a request', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return plainTextResult(502, 'Bad Gateway', 'Bad Gateway: the worker handling the request failed');
}

/** A scheduled event (src/cron/): the app's scheduled() handler runs once in this thread. */
function runScheduled(task: ScheduledTask): Promise<ScheduledResult> {
  return manager.scheduled(task);
}

export default function handleBatch(request: RequestBatch | ScheduledTask): Promise<unknown> {
  if (isScheduledTask(request)) return runScheduled(request);
  const { promise, resolve } = Promise.withResolvers<BatchResults>();
  const batch: OpenBatch = { unsent: { ids: [], results: [] }, running: request.ids.length, done: resolve };
  openBatches.add(batch);
  for (let index = 0; index < request.ids.length; index++) {
    const id = request.ids[index] as number;
    let response: Promise<ResponseResult>;
    try {
      response = handleRequest(request.tasks[index] as RequestTask);
    } catch (error) {
      response = Promise.resolve(failed(error));
    }
    response.then(
      (result) => answered(batch, id, result),
      (error: unknown) => answered(batch, id, failed(error)),
    );
  }
  return promise.then(movableResults);
}

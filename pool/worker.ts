/**
 * The piscina entry, run in every pool thread: one IsolateManager, the thread's logger, and the task
 * handler. The app is loaded as the thread starts, and the outcome reported to pool.ts. Nothing here
 * may throw while the module loads: piscina stops replacing threads for good after one fails during
 * its start-up (reliability notes, scenario 22).
 */
import { BroadcastChannel, threadId, workerData } from 'node:worker_threads';
import { appLogFor } from '../src/log/app-log.ts';
import { createLogger } from '../src/log/logger.ts';
import { IsolateManager } from './isolate-manager.ts';
import {
  movableResult,
  plainTextResult,
  READINESS_CHANNEL,
  type RequestTask,
  type ThreadConfig,
  type ThreadLoadReport,
} from './task.ts';

const config = workerData as ThreadConfig;
const logger = createLogger(config.log, { sync: true });
const manager = new IsolateManager({
  log: (app) => appLogFor(logger, app.name),
  startupTimeoutMs: config.startupTimeoutMs,
});
manager.register(config.app);

void manager.warm(config.app.name).then((outcome) => {
  if (!outcome.ok)
    logger.error('app failed to load in a pool thread', {
      app: config.app.name,
      threadId,
      error: outcome.error,
    });
  const report: ThreadLoadReport = { threadId, app: config.app.name, ok: outcome.ok };
  const channel = new BroadcastChannel(READINESS_CHANNEL);
  channel.postMessage(report);
  channel.close();
});

export default function handleRequest(task: RequestTask): unknown {
  const isolate = manager.isolateFor(task.app);
  if (isolate === undefined) {
    return plainTextResult(404, 'Not Found', `Not Found: no app named "${task.app}"`);
  }
  if (isolate.state === 'loading') {
    return isolate.loaded.then(() => isolate.dispatch(task)).then(movableResult);
  }
  return isolate.dispatch(task).then(movableResult);
}

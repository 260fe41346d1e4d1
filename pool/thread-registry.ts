/**
 * A pool thread's side of the app registry: the apps from its workerData, then every update the main
 * thread broadcasts (src/apps/publish.ts), each acknowledged so a reload can wait until every thread
 * routes new requests to the new versions. The readiness report goes out once the thread can serve:
 * after loading the one app of `--app`, at once with `--apps` (isolates are created on first request).
 */
import { BroadcastChannel, threadId } from 'node:worker_threads';
import type { Logger } from '../src/log/logger.ts';
import type { IsolateManager } from './isolate-manager.ts';
import {
  READINESS_CHANNEL,
  REGISTRY_CHANNEL,
  type RegistryAck,
  type RegistryUpdate,
  type ThreadConfig,
  type ThreadLoadReport,
} from './task.ts';

/** Stands for "every app" in a readiness report of a thread that loads apps lazily. */
export const ALL_APPS = '*';

function reportReadiness(report: ThreadLoadReport): void {
  const channel = new BroadcastChannel(READINESS_CHANNEL);
  channel.postMessage(report);
  channel.close();
}

function isRegistryUpdate(data: unknown): data is RegistryUpdate {
  return typeof data === 'object' && data !== null && Array.isArray((data as RegistryUpdate).apps);
}

export function startThreadRegistry(manager: IsolateManager, config: ThreadConfig, logger: Logger): void {
  manager.replaceAll(config.apps);
  const channel = new BroadcastChannel(REGISTRY_CHANNEL);
  channel.onmessage = (event) => {
    const data = (event as MessageEvent).data;
    if (!isRegistryUpdate(data)) return;
    manager.replaceAll(data.apps);
    const ack: RegistryAck = { serial: data.serial, threadId };
    channel.postMessage(ack);
  };
  channel.unref();

  const warm = config.warm;
  if (warm === undefined) {
    reportReadiness({ threadId, app: ALL_APPS, ok: true });
    return;
  }
  void manager.warm(warm).then((outcome) => {
    if (!outcome.ok)
      logger.error('app failed to load in a pool thread', { app: warm, threadId, error: outcome.error });
    reportReadiness({ threadId, app: warm, ok: outcome.ok });
  });
}

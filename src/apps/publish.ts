/**
 * The main thread's side of the registry channel (pool/thread-registry.ts): an update goes to every
 * pool thread of this process, and the returned promise settles once `threadCount()` threads have
 * acknowledged it — from then on every new request runs on the new versions — or after `timeoutMs`
 * (a thread stuck in a loop must not hold a reload up; it picks the update up when it is free).
 */
import { BroadcastChannel } from 'node:worker_threads';
import { REGISTRY_CHANNEL, type RegistryAck, type RegistryUpdate } from '../../pool/task.ts';
import type { Publish } from './registry.ts';

const ACK_TIMEOUT_MS = 5000;

export interface RegistryPublisher {
  publish: Publish;
  close(): void;
}

function isAck(data: unknown): data is RegistryAck {
  return typeof data === 'object' && data !== null && typeof (data as RegistryAck).threadId === 'number';
}

export function registryPublisher(threadCount: () => number, timeoutMs = ACK_TIMEOUT_MS): RegistryPublisher {
  const channel = new BroadcastChannel(REGISTRY_CHANNEL);
  channel.unref();
  let serial = 0;
  const waiting = new Map<number, { threads: Set<number>; done(): void }>();
  channel.onmessage = (event) => {
    const data = (event as MessageEvent).data;
    if (!isAck(data)) return;
    const wait = waiting.get(data.serial);
    if (wait === undefined) return;
    wait.threads.add(data.threadId);
    if (wait.threads.size >= threadCount()) wait.done();
  };
  return {
    publish(apps) {
      serial++;
      const update: RegistryUpdate = { serial, apps };
      const { promise, resolve } = Promise.withResolvers<void>();
      const timer = setTimeout(resolve, timeoutMs);
      const id = serial;
      waiting.set(id, {
        threads: new Set(),
        done: () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        },
      });
      channel.postMessage(update);
      return promise;
    },
    close: () => channel.close(),
  };
}

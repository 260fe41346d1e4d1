/**
 * The request pool: a fixed set of piscina worker threads, each owning its apps' isolates, fed in
 * batches (pool/batch.ts): `run` queues a request, and once per event-loop turn (setImmediate: after
 * uWS has delivered every request its poll read) the queued requests leave as one piscina task per
 * thread. piscina stays the pool: it starts, balances, replaces and terminates the threads.
 *
 * - `minThreads = maxThreads` and `idleTimeout: Infinity`: piscina's default idle timeout is immediate,
 *   and a thread that exits takes its warm isolates with it.
 * - Admission is NANO's, per request (piscina would count batches): at most `threads ×
 *   threadConcurrency` requests run at once (an isolate serves many requests at once: one awaiting a
 *   timer or a subrequest does not hold up the others), at most `maxQueue` more wait here, and `run`
 *   rejects beyond that (`isQueueFull`: the front door answers 503).
 * - `atomics: 'disabled'`: piscina's default parks an idle thread in `Atomics.wait`, which would also
 *   freeze the isolates' timers and `waitUntil` work between requests.
 * - NANO's isolate bundle is built (and its code cache produced) here, once, and handed to every
 *   thread in its workerData: no esbuild run per thread.
 * - Each thread loads the app as it starts and reports on a BroadcastChannel; `ready` settles when every
 *   thread has the app loaded. (piscina's own start-up cannot fail on an app: a throw there would stop
 *   it from ever replacing a thread — worker.ts never throws at load.)
 * `destroy()` terminates threads with whatever they are running: callers count their own in-flight
 * requests and wait for them first (piscina's `close()` does not reliably wait).
 */
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import {
  BATCH_RESULTS,
  type BatchResults,
  batchTransferList,
  isBatchResults,
  type RequestBatch,
} from './batch.ts';
import { bundleCodeCache } from './bootstrap.ts';
import { isolateBundle } from './isolate-bundle.ts';
import {
  READINESS_CHANNEL,
  type RequestTask,
  type ResponseResult,
  type ScheduledResult,
  type ScheduledTask,
  type ThreadConfig,
  type ThreadLoadReport,
} from './task.ts';

export interface RequestPoolOptions {
  threads: number;
  threadConcurrency: number;
  maxQueue: number;
  thread: ThreadConfig;
  /** A thread failed outside any request (piscina's 'error' event, which would otherwise throw). */
  onThreadError(error: unknown): void;
}

interface PendingRequest {
  task: RequestTask;
  resolve(result: ResponseResult): void;
  reject(error: unknown): void;
}

class QueueFullError extends Error {
  constructor() {
    super('Request queue is at its limit');
    this.name = 'QueueFullError';
  }
}

export class RequestPool {
  readonly #piscina: Piscina;
  readonly #channel = new BroadcastChannel(READINESS_CHANNEL);
  readonly #loadedThreads = new Set<number>();
  readonly #ready = Promise.withResolvers<void>();
  readonly #threads: number;
  readonly #runLimit: number;
  readonly #maxQueue: number;
  /** Requests handed to a thread and not yet answered, by id. */
  readonly #running = new Map<number, PendingRequest>();
  /** Admitted, leaving with the next flush. */
  #outgoing: Array<[number, PendingRequest]> = [];
  /** Waiting for a running request to finish (beyond the run limit). */
  readonly #waiting: Array<[number, PendingRequest]> = [];
  #nextId = 1;
  #flushScheduled = false;

  constructor(options: RequestPoolOptions) {
    this.#threads = options.threads;
    this.#runLimit = options.threads * options.threadConcurrency;
    this.#maxQueue = options.maxQueue;
    this.#channel.onmessage = (event) => this.#onThreadReport((event as { data: ThreadLoadReport }).data);
    this.#channel.unref();
    const bundle = isolateBundle();
    this.#piscina = new Piscina({
      filename: new URL('./worker.ts', import.meta.url).href,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: options.threadConcurrency,
      atomics: 'disabled',
      workerData: { ...options.thread, isolateCode: { bundle, codeCache: bundleCodeCache() } },
    });
    this.#piscina.on('error', options.onThreadError);
    this.#piscina.on('message', (message: unknown) => {
      if (isBatchResults(message)) this.#answer(message[BATCH_RESULTS]);
    });
  }

  /** Settles when every thread has loaded the app. */
  get ready(): Promise<void> {
    return this.#ready.promise;
  }

  /** For /metrics: requests waiting for a thread, and running ones as a fraction of the run limit. */
  get load(): { queued: number; utilisation: number } {
    return { queued: this.#waiting.length, utilisation: this.#running.size / this.#runLimit };
  }

  get threadCount(): number {
    return this.#piscina.threads.length;
  }

  run(task: RequestTask): Promise<ResponseResult> {
    const admitted = this.#running.size + this.#outgoing.length;
    if (admitted >= this.#runLimit && this.#waiting.length >= this.#maxQueue) {
      return Promise.reject(new QueueFullError());
    }
    const { promise, resolve, reject } = Promise.withResolvers<ResponseResult>();
    const entry: [number, PendingRequest] = [this.#nextId++, { task, resolve, reject }];
    if (admitted < this.#runLimit) this.#send(entry);
    else this.#waiting.push(entry);
    return promise;
  }

  /** One scheduled event, run on one thread as its own piscina task (outside the request batches). */
  runScheduled(task: ScheduledTask): Promise<ScheduledResult> {
    return this.#piscina.run(task) as Promise<ScheduledResult>;
  }

  static isQueueFull(error: unknown): boolean {
    return error instanceof QueueFullError;
  }

  async destroy(): Promise<void> {
    this.#channel.close();
    await this.#piscina.destroy();
  }

  #send(entry: [number, PendingRequest]): void {
    this.#outgoing.push(entry);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  /** One task per thread (fewer if fewer requests), requests dealt round-robin. */
  #flush(): void {
    this.#flushScheduled = false;
    const outgoing = this.#outgoing;
    this.#outgoing = [];
    const count = Math.min(this.#threads, outgoing.length);
    const batches: RequestBatch[] = Array.from({ length: count }, () => ({ ids: [], tasks: [] }));
    outgoing.forEach(([id, pending], index) => {
      const batch = batches[index % count] as RequestBatch;
      batch.ids.push(id);
      batch.tasks.push(pending.task);
      this.#running.set(id, pending);
    });
    for (const batch of batches) {
      this.#piscina.run(batch, { transferList: batchTransferList(batch) }).then(
        (results) => this.#answer(results as BatchResults),
        (error: unknown) => this.#batchFailed(batch, error),
      );
    }
  }

  #answer(answers: BatchResults): void {
    for (let index = 0; index < answers.ids.length; index++) {
      const id = answers.ids[index] as number;
      const pending = this.#running.get(id);
      if (pending === undefined) continue;
      this.#running.delete(id);
      pending.resolve(answers.results[index] as ResponseResult);
    }
    this.#admitWaiting();
  }

  /** The thread running the batch died: its unanswered requests fail (the front door answers 502). */
  #batchFailed(batch: RequestBatch, error: unknown): void {
    for (const id of batch.ids) {
      const pending = this.#running.get(id);
      if (pending === undefined) continue;
      this.#running.delete(id);
      pending.reject(error);
    }
    this.#admitWaiting();
  }

  #admitWaiting(): void {
    while (this.#waiting.length > 0 && this.#running.size + this.#outgoing.length < this.#runLimit) {
      this.#send(this.#waiting.shift() as [number, PendingRequest]);
    }
  }

  #onThreadReport(report: ThreadLoadReport): void {
    if (!report.ok) return;
    this.#loadedThreads.add(report.threadId);
    if (this.#loadedThreads.size >= this.#threads) this.#ready.resolve();
  }
}

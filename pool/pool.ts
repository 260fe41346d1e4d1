/**
 * The request pool: a fixed set of piscina worker threads, each owning its apps' isolates.
 *
 * - `minThreads = maxThreads` and `idleTimeout: Infinity`: piscina's default idle timeout is immediate,
 *   and a thread that exits takes its warm isolates with it.
 * - `concurrentTasksPerWorker` is high: an isolate serves many requests at once (one awaiting a timer
 *   or a subrequest does not hold up the others), so a thread takes many tasks concurrently.
 * - `atomics: 'disabled'`: piscina's default parks an idle thread in `Atomics.wait`, which would also
 *   freeze the isolates' timers and `waitUntil` work between requests.
 * - The queue is bounded: when it is full, `run` rejects and the front door answers 503.
 * - Each thread loads the app as it starts and reports on a BroadcastChannel; `ready` settles when every
 *   thread has the app loaded. (piscina's own start-up cannot fail on an app: a throw there would stop
 *   it from ever replacing a thread — worker.ts never throws at load.)
 * `destroy()` terminates threads with whatever they are running: callers count their own in-flight
 * requests and wait for them first (piscina's `close()` does not reliably wait).
 */
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import {
  READINESS_CHANNEL,
  type RequestTask,
  type ResponseResult,
  type ThreadConfig,
  type ThreadLoadReport,
  taskTransferList,
} from './task.ts';

export interface RequestPoolOptions {
  threads: number;
  threadConcurrency: number;
  maxQueue: number;
  thread: ThreadConfig;
  /** A thread failed outside any request (piscina's 'error' event, which would otherwise throw). */
  onThreadError(error: unknown): void;
}

/** piscina's message when `maxQueue` is reached (src/errors.ts `TaskQueueAtLimit`). */
const QUEUE_FULL_MESSAGE = 'Task queue is at limit';

export class RequestPool {
  readonly #piscina: Piscina;
  readonly #channel = new BroadcastChannel(READINESS_CHANNEL);
  readonly #loadedThreads = new Set<number>();
  readonly #ready = Promise.withResolvers<void>();
  readonly #threads: number;

  constructor(options: RequestPoolOptions) {
    this.#threads = options.threads;
    this.#channel.onmessage = (event) => this.#onThreadReport((event as { data: ThreadLoadReport }).data);
    this.#channel.unref();
    this.#piscina = new Piscina({
      filename: new URL('./worker.ts', import.meta.url).href,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: options.threadConcurrency,
      maxQueue: options.maxQueue,
      atomics: 'disabled',
      workerData: options.thread,
    });
    this.#piscina.on('error', options.onThreadError);
  }

  /** Settles when every thread has loaded the app. */
  get ready(): Promise<void> {
    return this.#ready.promise;
  }

  get threadCount(): number {
    return this.#piscina.threads.length;
  }

  run(task: RequestTask): Promise<ResponseResult> {
    return this.#piscina.run(task, { transferList: taskTransferList(task) }) as Promise<ResponseResult>;
  }

  static isQueueFull(error: unknown): boolean {
    return error instanceof Error && error.message === QUEUE_FULL_MESSAGE;
  }

  async destroy(): Promise<void> {
    this.#channel.close();
    await this.#piscina.destroy();
  }

  #onThreadReport(report: ThreadLoadReport): void {
    if (!report.ok) return;
    this.#loadedThreads.add(report.threadId);
    if (this.#loadedThreads.size >= this.#threads) this.#ready.resolve();
  }
}

/**
 * Dispatch batching, the contract both sides of the thread boundary share. A piscina task costs a
 * message, a promise and piscina's bookkeeping each way (measured: the pool hand-off was the largest
 * single cost of a hello-world request), so the front door gathers the requests of one event-loop turn
 * into one task per thread (`RequestBatch`) and a thread answers a whole batch at once:
 *
 * - the task resolves with the responses still unsent when the batch's last request is answered
 *   (for synchronous handlers: every response, in the same message that ends the task);
 * - a response ready while others of its batch are still running (an `await`ing handler) is not held
 *   back by them: the thread gathers such responses per turn and posts them on its parentPort
 *   (`isBatchResults`), which piscina re-emits as the pool's 'message' event.
 *
 * A batch's task stays open until all its requests are answered, so when a thread dies piscina
 * rejects exactly the batches that still had requests running there.
 */
import type { MessagePort } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { type RequestTask, type ResponseResult, worthTransferring } from './task.ts';

export interface RequestBatch {
  /** The front door's numbers for the requests, in the order of `tasks`. */
  ids: number[];
  tasks: RequestTask[];
}

/** Responses for some requests of a batch: `results[i]` answers `ids[i]`. */
export interface BatchResults {
  ids: number[];
  results: ResponseResult[];
}

/** Marks a parentPort message as early responses (piscina forwards anything but its own messages). */
export const BATCH_RESULTS = 'nano:batch-results';

export interface BatchResultsMessage {
  [BATCH_RESULTS]: BatchResults;
}

export function isBatchResults(message: unknown): message is BatchResultsMessage {
  return typeof message === 'object' && message !== null && BATCH_RESULTS in message;
}

export function batchTransferList(batch: RequestBatch): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const task of batch.tasks) if (worthTransferring(task.body)) list.push(task.body);
  return list;
}

/** Large bodies, and the ports of streamed bodies (which must be transferred). */
export function resultsTransferList(results: readonly ResponseResult[]): Array<ArrayBuffer | MessagePort> {
  const list: Array<ArrayBuffer | MessagePort> = [];
  for (const result of results) {
    if (worthTransferring(result.body)) list.push(result.body);
    if (result.stream) list.push(result.stream.port);
  }
  return list;
}

/** A task's return value for piscina to post, with large bodies moved rather than copied. */
export function movableResults(value: BatchResults): unknown {
  const transfers = resultsTransferList(value.results);
  if (transfers.length === 0) return value;
  return move({
    get [transferableSymbol]() {
      return transfers;
    },
    get [valueSymbol]() {
      return value;
    },
  } as never);
}

/**
 * The thread-boundary contract between the front door (main thread) and the pool's worker threads:
 * what a thread is configured with, what a request task carries and what comes back. Bodies cross as
 * ArrayBuffers, never as strings: transferred (moved) when large, copied with the message when small —
 * a transfer list costs more than copying a few kilobytes (measured: a 27-byte body posts in 2.7 µs
 * copied, 3.1 µs transferred). Headers cross as flat `[name, value, name, value, …]` string arrays, the
 * shape the isolate bridge takes.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { LogFormat, LogLevel } from '../src/config/env.ts';

/** One app, as a thread needs it to build the app's isolate. */
export interface AppSpec {
  /** The app's name: in logs, metrics, and as its key in a thread's isolate table. */
  name: string;
  /** Absolute path of the entry file. */
  entry: string;
}

/** `workerData` of every pool thread. */
export interface ThreadConfig {
  app: AppSpec;
  log: { format: LogFormat; level: LogLevel };
  startupTimeoutMs: number;
}

export interface RequestTask {
  app: string;
  method: string;
  /** Absolute URL, built from the Host header and the request target. */
  url: string;
  headers: string[];
  body: ArrayBuffer | null;
}

export interface ResponseResult {
  status: number;
  statusText: string;
  headers: string[];
  body: ArrayBuffer | null;
}

/** Posted on the readiness channel by each thread once it has tried to load its app. */
export interface ThreadLoadReport {
  threadId: number;
  app: string;
  ok: boolean;
}

/** The BroadcastChannel name threads report app loading on (pool.ts listens). */
export const READINESS_CHANNEL = 'nano:pool-readiness';

/** Bodies at least this large are transferred; smaller ones are copied. */
const TRANSFER_THRESHOLD = 8 * 1024;

function transferred(body: ArrayBuffer | null): body is ArrayBuffer {
  return body !== null && body.byteLength >= TRANSFER_THRESHOLD;
}

/** The transfer list of a task: its body, if it is large enough to be worth moving. */
export function taskTransferList(task: RequestTask): ArrayBuffer[] {
  return transferred(task.body) ? [task.body] : [];
}

/** A result for piscina to post: with a large body marked for transfer instead of a copy. */
export function movableResult(result: ResponseResult): unknown {
  const body = result.body;
  if (!transferred(body)) return result;
  return move({
    get [transferableSymbol]() {
      return [body];
    },
    get [valueSymbol]() {
      return result;
    },
  } as never);
}

const PLAIN_TEXT = ['content-type', 'text/plain; charset=utf-8'];

/** A short plain-text response made by NANO itself (never a stack trace or app detail). */
export function plainTextResult(status: number, statusText: string, message: string): ResponseResult {
  return {
    status,
    statusText,
    headers: PLAIN_TEXT.slice(),
    body: new TextEncoder().encode(`${message}\n`).buffer,
  };
}

/**
 * The thread-boundary contract between the front door (main thread) and the pool's worker threads:
 * what a thread is configured with, what a request task carries and what comes back. Bodies cross as
 * ArrayBuffers, never as strings: transferred (moved) when large, copied with the message when small —
 * a transfer list costs more than copying a few kilobytes (measured: a 27-byte body posts in 2.7 µs
 * copied, 3.1 µs transferred). Headers cross as flat `[name, value, name, value, …]` string arrays, the
 * shape the isolate bridge takes.
 */
import type { LogFormat, LogLevel } from '../src/config/env.ts';
import type { OutboundSettings } from '../src/net/outbound-options.ts';
import type { IsolateLimits } from './isolate-limits.ts';
import type { RecycleSettings } from './recycle-policy.ts';
import type { StreamedBody } from './stream-protocol.ts';

/** One app, as a thread needs it to build the app's isolate (src/apps/ builds it from the app's config). */
export interface AppSpec {
  /** The app's name: in logs, metrics, and as its key in a thread's isolate table. */
  name: string;
  /** Absolute path of the entry file. */
  entry: string;
  /** Raised by every reload that changes the app: a thread keeps one isolate per version while the old drains. */
  version?: number;
  /** The app bundled once on the main thread (src/apps/bundle.ts); absent: the entry is loaded from disk. */
  bundle?: AppBundle;
  /** The handler's `env`: the config's vars, then secrets (copied into the isolate once, at load). */
  env?: Record<string, unknown>;
  /** Host/path patterns from the config's `routes` (src/server/router.ts). */
  routes?: readonly string[];
  /** The config's `triggers.crons` (src/cron/). */
  crons?: readonly string[];
  /** The config's `limits.cpu_ms`. */
  cpuMs?: number;
  /** Recorded from the config; no flag changes behaviour yet (README "Hosting many apps"). */
  compatibilityDate?: string;
  compatibilityFlags?: readonly string[];
}

/** An ES-module bundle; `url` is the name its stack frames carry, `sourceMap` maps them back (host side). */
export interface AppBundle {
  code: string;
  url: string;
  /** Source map v3 JSON, kept beside the code rather than inline: the isolate never needs it. */
  sourceMap: string;
}

/** `workerData` of every pool thread. */
export interface ThreadConfig {
  /** Every app the server hosts; src/apps/ keeps the array current across reloads (threads started later get it). */
  apps: AppSpec[];
  /** The app to load as the thread starts (single-app `--app`); with `--apps` isolates are created on first request. */
  warm?: string;
  log: { format: LogFormat; level: LogLevel };
  startupTimeoutMs: number;
  /** CPU, memory and Workers-parity limits of every app isolate (defaults: pool/isolate-limits.ts). */
  limits?: IsolateLimits;
  /** NANO's isolate bundle and its V8 code cache, built once on the main thread (pool.ts fills it in). */
  isolateCode?: { bundle: string; codeCache?: ArrayBuffer };
  /** Isolate recycling and eviction (pool/recycle-policy.ts). */
  recycle?: RecycleSettings;
  /** The process's shared isolate counters (src/metrics/isolate-counters.ts). */
  isolateCounters?: SharedArrayBuffer;
  /** fetch()'s allow list and subrequest limits (src/net/outbound-options.ts). */
  outbound?: OutboundSettings;
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
  /** Set instead of `body` when the body follows as a stream (pool/stream-protocol.ts). */
  stream?: StreamedBody;
  /** Set when NANO stopped the request at a limit (pool/isolate-limits.ts): `cpu` or `memory`. */
  limit?: string;
}

/** A scheduled event for one app (src/cron/): its `scheduled()` handler runs once, on one thread. */
export interface ScheduledTask {
  kind: 'scheduled';
  app: string;
  /** The cron expression that fired (`controller.cron`). */
  cron: string;
  /** When the event was due, in milliseconds since the epoch (`controller.scheduledTime`). */
  scheduledTime: number;
  /** Milliseconds the handler and its `waitUntil` work may take in all. */
  limitMs: number;
}

/**
 * `ok`, `exception` (thrown, rejected, or a `waitUntil` rejected), `no-handler` (the app has no
 * scheduled handler), `timeout` (`limitMs` passed), `unavailable` (the app is not loaded).
 */
export type ScheduledOutcome = 'ok' | 'exception' | 'no-handler' | 'timeout' | 'unavailable';

export interface ScheduledResult {
  outcome: ScheduledOutcome;
  /** The app called `controller.noRetry()`. */
  noRetry: boolean;
  /** The error text for the log (the app's stack), empty when there is none. */
  detail: string;
}

export function isScheduledTask(task: unknown): task is ScheduledTask {
  return typeof task === 'object' && task !== null && (task as { kind?: unknown }).kind === 'scheduled';
}

/** Posted on the readiness channel by each thread once it has tried to load its app (or has its registry). */
export interface ThreadLoadReport {
  threadId: number;
  app: string;
  ok: boolean;
}

/** Main thread → every pool thread: the app registry changed (src/apps/publish.ts). */
export interface RegistryUpdate {
  serial: number;
  apps: AppSpec[];
}

/** Pool thread → main thread: the update `serial` is in force on `threadId`. */
export interface RegistryAck {
  serial: number;
  threadId: number;
}

/** The BroadcastChannel app registry updates and their acknowledgements travel on. */
export const REGISTRY_CHANNEL = 'nano:app-registry';

/** The BroadcastChannel name threads report app loading on (pool.ts listens). */
export const READINESS_CHANNEL = 'nano:pool-readiness';

/** Bodies at least this large are transferred; smaller ones are copied. */
const TRANSFER_THRESHOLD = 8 * 1024;

/** Whether a body is large enough to move rather than copy (pool/batch.ts builds the transfer lists). */
export function worthTransferring(body: ArrayBuffer | null): body is ArrayBuffer {
  return body !== null && body.byteLength >= TRANSFER_THRESHOLD;
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

/**
 * The app family's host half. The ops forward to the `AppReceiver` that pool/app-isolate.ts attached to
 * the isolate (an isolate with no receiver — `nano run`, the REPL — ignores them). `ctx.waitUntil` work
 * holds the isolate's event loop, so a drain can wait for it.
 */
import type ivm from 'isolated-vm';
import { addIsolateCount } from '../../src/metrics/isolate-counters.ts';
import type { HostOps, HostScope } from '../family.ts';
import { withoutInternalFrames } from '../runtime/bridge.ts';
import type { AppOps, DispatchFailure, HandlerFormat, ScheduledEventOutcome } from './bridge.ts';

export interface AppReceiver {
  loaded(format: HandlerFormat | null, problem: string): void;
  respond(
    requestId: number,
    status: number,
    statusText: string,
    headers: string[],
    body: ArrayBuffer | null,
  ): void;
  fail(requestId: number, reason: DispatchFailure, detail: string): void;
  /** A response whose body follows as a stream; `length` is null when unknown (apis/app/bridge.ts). */
  respondStream(
    requestId: number,
    status: number,
    statusText: string,
    headers: string[],
    length: number | null,
  ): void;
  streamChunk(requestId: number, chunk: ArrayBuffer): void;
  streamEnd(requestId: number): void;
  streamError(requestId: number, detail: string): void;
  /** A scheduled event finished (apis/app/isolate-scheduled.ts). */
  scheduledDone?(runId: number, outcome: ScheduledEventOutcome, detail: string, noRetry: boolean): void;
}

const receivers = new WeakMap<ivm.Isolate, AppReceiver>();

/** Routes the app ops of `isolate` to `receiver`. */
export function receiveAppCalls(isolate: ivm.Isolate, receiver: AppReceiver): void {
  receivers.set(isolate, receiver);
}

export function appHost(scope: HostScope): AppOps & HostOps {
  const waitUntilHolds: Array<() => void> = [];
  let receiver: AppReceiver | undefined;
  const target = () => {
    receiver ??= receivers.get(scope.isolate);
    return receiver;
  };
  scope.onDispose(() => {
    addIsolateCount('waitUntil', -waitUntilHolds.length);
    for (const release of waitUntilHolds.splice(0)) release();
  });
  return {
    op_app_loaded(format: HandlerFormat | null, problem: string) {
      target()?.loaded(format, problem);
    },
    op_app_respond(
      requestId: number,
      status: number,
      statusText: string,
      headers: string[],
      body: ArrayBuffer | null,
    ) {
      target()?.respond(requestId, status, statusText, headers, body);
    },
    op_app_respond_stream(
      requestId: number,
      status: number,
      statusText: string,
      headers: string[],
      length: number,
    ) {
      target()?.respondStream(requestId, status, statusText, headers, length < 0 ? null : length);
    },
    op_app_stream_chunk(requestId: number, chunk: ArrayBuffer) {
      target()?.streamChunk(requestId, chunk);
    },
    op_app_stream_end(requestId: number) {
      target()?.streamEnd(requestId);
    },
    op_app_stream_error(requestId: number, detail: string) {
      target()?.streamError(requestId, withoutInternalFrames(detail));
    },
    op_app_fail(requestId: number, reason: DispatchFailure, detail: string) {
      target()?.fail(requestId, reason, withoutInternalFrames(detail));
    },
    op_app_wait_until_start() {
      waitUntilHolds.push(scope.loop.hold());
      addIsolateCount('waitUntil', 1);
    },
    op_app_wait_until_end(failure: string | null) {
      // Holds are interchangeable: any one released keeps the count right.
      if (waitUntilHolds.length > 0) addIsolateCount('waitUntil', -1);
      waitUntilHolds.pop()?.();
      if (failure !== null) scope.reportUncaught(`Uncaught (in promise) ${withoutInternalFrames(failure)}`);
    },
    op_app_scheduled_done(runId: number, outcome: ScheduledEventOutcome, detail: string, noRetry: boolean) {
      target()?.scheduledDone?.(runId, outcome, withoutInternalFrames(detail), noRetry);
    },
  };
}

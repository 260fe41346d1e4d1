/**
 * The app family's host half. The ops forward to the `AppReceiver` that pool/app-isolate.ts attached to
 * the isolate (an isolate with no receiver — `nano run`, the REPL — ignores them). `ctx.waitUntil` work
 * holds the isolate's event loop, so a drain can wait for it.
 */
import type ivm from 'isolated-vm';
import type { HostOps, HostScope } from '../family.ts';
import { withoutInternalFrames } from '../runtime/bridge.ts';
import type { AppOps, DispatchFailure, HandlerFormat } from './bridge.ts';

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
    op_app_fail(requestId: number, reason: DispatchFailure, detail: string) {
      target()?.fail(requestId, reason, withoutInternalFrames(detail));
    },
    op_app_wait_until_start() {
      waitUntilHolds.push(scope.loop.hold());
    },
    op_app_wait_until_end(failure: string | null) {
      // Holds are interchangeable: any one released keeps the count right.
      waitUntilHolds.pop()?.();
      if (failure !== null) scope.reportUncaught(`Uncaught (in promise) ${withoutInternalFrames(failure)}`);
    },
  };
}

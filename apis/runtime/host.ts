/** The host half of host operations: runs the work, then settles the isolate's promise in a new entry. */
import type { HostOps, HostScope } from '../family.ts';
import { type HostFailure, type RuntimeOps, SETTLE_ENTRY } from './bridge.ts';

function toFailure(error: unknown): HostFailure {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/**
 * Completes host operation `id` with the outcome of `work`. The loop holds the operation while it
 * runs, so `nano run` waits for it and the isolate's promise is never left behind.
 */
export function settleHostOperation(scope: HostScope, id: number, work: Promise<unknown>): void {
  const release = scope.loop.hold();
  // The continuation is billed to the request that started the operation.
  const charge = scope.loop.currentCharge;
  const settle = (ok: boolean, value: unknown) => {
    scope.loop.enter(
      (timeout) =>
        scope.entry(SETTLE_ENTRY).applySync(undefined, [id, ok, value] as never[], {
          arguments: { copy: true },
          timeout,
        }),
      'rejection',
      charge,
    );
    release();
  };
  work.then(
    (value) => settle(true, value),
    (error: unknown) => settle(false, toFailure(error)),
  );
}

export function runtimeHost(scope: HostScope): RuntimeOps & HostOps {
  return {
    op_runtime_report_uncaught(text: string) {
      scope.reportUncaught(text);
    },
  };
}

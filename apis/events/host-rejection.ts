/**
 * The host half of `unhandledrejection`: isolated-vm reports an unhandled rejection only to the host,
 * as a copy of its reason thrown out of the entry that left it (pool/event-loop.ts), so the engine hands
 * that copy back to the isolate, whose listeners decide whether it was handled.
 */

import { isolateStack } from '../../pool/isolate-error.ts';
import type { HostScope } from '../family.ts';
import { type RejectionReason, UNHANDLED_REJECTION_ENTRY } from './bridge.ts';

function toRejectionReason(reason: unknown): RejectionReason {
  if (reason instanceof Error) {
    return { kind: 'error', name: reason.name, message: reason.message, stack: isolateStack(reason) };
  }
  return { kind: 'value', value: reason };
}

/** Fires `unhandledrejection` in the isolate; true when a listener handled the rejection. */
export function offerUnhandledRejection(scope: HostScope, reason: unknown): boolean {
  const handled = scope.loop.enter((timeout) =>
    scope
      .entry(UNHANDLED_REJECTION_ENTRY)
      .applySync(undefined, [toRejectionReason(reason)] as never[], { arguments: { copy: true }, timeout }),
  );
  return handled === true;
}

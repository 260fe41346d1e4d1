/**
 * The events family's contract with the engine: the host offers each unhandled rejection to the isolate
 * (HTML "notify about rejected promises") before deciding that it is fatal.
 */

/** `(reason: RejectionReason) => boolean`: fires `unhandledrejection`; true when a listener canceled it. */
export const UNHANDLED_REJECTION_ENTRY = 'events_unhandled_rejection';

/**
 * How a rejection's reason crosses back into the isolate. isolated-vm gives the host a copy of it (an
 * Error becomes its name, message and stack), so the isolate rebuilds an equivalent value.
 */
export type RejectionReason =
  | { kind: 'error'; name: string; message: string; stack: string }
  | { kind: 'value'; value: unknown };

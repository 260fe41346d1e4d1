/**
 * The isolate-side contract: what `install` of every family's isolate half receives. Runs inside the
 * isolate (no Node types here).
 */
import type { AllOps } from './isolate-ops.ts';

export interface IsolateScope {
  /** The host's functions (isolated-vm Callbacks turned into plain functions: arguments are copied). */
  readonly ops: AllOps;
  /** Registers a function the host may call by name (the host keeps a reference to it). */
  defineEntry(name: string, fn: (...args: never[]) => unknown): void;
  /** Installs a global the way Web IDL does: writable, configurable, not enumerable. */
  defineGlobal(name: string, value: unknown): void;
}

export function defineGlobal(name: string, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

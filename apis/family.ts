/**
 * The host-side contract of an API family: what `apis/index.ts` lists and `pool/bootstrap.ts` wires.
 * A family has an isolate half (bundled into every context, in registry order) and, where the host must
 * do the work, a host half that supplies `op_*` functions to the isolate.
 */
import type ivm from 'isolated-vm';
import type { EventLoop } from '../pool/event-loop.ts';
import type { ConsoleLevel } from './console/bridge.ts';

/** Where an isolate's console output and reported errors go: the terminal for `nano run`, the log for apps. */
export interface ConsoleSink {
  write(level: ConsoleLevel, text: string): void;
}

export interface HostScope {
  readonly isolate: ivm.Isolate;
  readonly loop: EventLoop;
  readonly console: ConsoleSink;
  /** An isolate-side entry point registered with `defineEntry`; available once the bootstrap has run. */
  entry(name: string): ivm.Reference<(...args: never[]) => unknown>;
  /** Registers cleanup to run when the isolate is disposed (timers, sockets, pending work). */
  onDispose(cleanup: () => void): void;
  /** Called with the text of an exception the isolate reported and nobody handled. */
  reportUncaught(text: string): void;
}

// biome-ignore lint/suspicious/noExplicitAny: ops take whatever their bridge declares; the bridge types them.
export type HostOps = Record<`op_${string}`, (...args: any[]) => unknown>;

export interface ApiFamily {
  readonly name: string;
  /** Path of the isolate half, relative to `apis/`. */
  readonly isolate: string;
  /** Builds this family's ops for one isolate. */
  readonly host?: (scope: HostScope) => HostOps;
}

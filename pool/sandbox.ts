/**
 * One isolate with NANO's globals, its event loop and its module loader: what `nano run`, the REPL and
 * each app isolate are built on. Isolate code never sees a host object: the context gets copies,
 * primitives and Callbacks only (pool/bootstrap.ts).
 */
import { pathToFileURL } from 'node:url';
import ivm from 'isolated-vm';
import { offerUnhandledRejection } from '../apis/events/host-rejection.ts';
import type { ConsoleSink, HostScope } from '../apis/family.ts';
import { bootstrapContext, type Entry } from './bootstrap.ts';
import { REFUSE_CODE_GENERATION } from './code-generation.ts';
import { type EntryFailure, type EntryFailureKind, EventLoop } from './event-loop.ts';
import { describeUncaught } from './isolate-error.ts';
import { looksLikeModule, ModuleLoadError, ModuleLoader, readSource } from './module-loader.ts';

export const DEFAULT_MEMORY_LIMIT_MB = 128;

export interface SandboxFailure {
  kind: EntryFailureKind;
  /** What to show a person: `Uncaught Error: …` with the isolate's stack, or what the limit was. */
  text: string;
}

export interface SandboxOptions {
  memoryLimitMb?: number;
  console: ConsoleSink;
  /** Milliseconds the next synchronous entry may run (`undefined`: no limit). */
  entryBudget?: () => number | undefined;
  /** CPU milliseconds an entry made on no request's behalf may run (`undefined`: no limit). */
  unattributedCpuMs?: () => number | undefined;
  /** Time stands still during each entry (pool/event-loop.ts), as in Workers' production. */
  freezeClock?: boolean;
  /** `eval` and `new Function` throw EvalError (pool/code-generation.ts), as in Workers. */
  refuseCodeGeneration?: boolean;
  onFailure(failure: SandboxFailure): void;
}

function describeFailure(failure: EntryFailure, memoryLimitMb: number): string {
  switch (failure.kind) {
    case 'timeout':
      return 'Script execution timed out: the time limit was reached';
    case 'memory':
      return `Isolate disposed: its memory limit (${memoryLimitMb} MB) was exceeded`;
    default:
      return describeUncaught(failure.error, failure.kind);
  }
}

export class Sandbox {
  readonly isolate: ivm.Isolate;
  readonly context: ivm.Context;
  readonly loop: EventLoop;
  readonly #scope: HostScope;
  readonly #cleanups: Array<() => void> = [];
  readonly #loader: ModuleLoader;
  readonly #report: (failure: SandboxFailure) => void;

  constructor(options: SandboxOptions) {
    const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
    this.isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    const report = (failure: SandboxFailure) => options.onFailure(failure);
    this.#report = report;
    this.loop = new EventLoop(this.isolate, {
      entryBudget: options.entryBudget ?? (() => undefined),
      unattributedCpuMs: options.unattributedCpuMs,
      freezeClock: options.freezeClock,
      offerRejection: (reason) => offerUnhandledRejection(this.#scope, reason),
      onFailure: (failure) => report({ kind: failure.kind, text: describeFailure(failure, memoryLimitMb) }),
    });
    let scope: HostScope | undefined;
    this.context = bootstrapContext(this.isolate, (entry) => {
      scope = {
        isolate: this.isolate,
        loop: this.loop,
        console: options.console,
        entry,
        onDispose: (cleanup) => this.#cleanups.push(cleanup),
        reportUncaught: (text) => report({ kind: 'exception', text }),
      };
      return scope;
    });
    if (!scope) throw new Error('bootstrap did not create a host scope');
    this.#scope = scope;
    if (options.refuseCodeGeneration)
      this.isolate.compileScriptSync(REFUSE_CODE_GENERATION).runSync(this.context);
    this.#loader = new ModuleLoader(this.isolate);
  }

  entry(name: string): Entry {
    return this.#scope.entry(name);
  }

  /**
   * Runs a file: an ES module (with its local imports) or a classic script, decided by
   * `looksLikeModule`. Returns false when loading or its top level failed (already reported).
   */
  runFile(path: string): boolean {
    let source: string;
    try {
      source = readSource(path);
    } catch (error) {
      return this.#reportLoadError(error);
    }
    return this.runSource(source, pathToFileURL(path).href, looksLikeModule(path, source));
  }

  /** Runs source text as a module or a classic script named `url`; false when it failed (reported). */
  runSource(source: string, url: string, asModule: boolean): boolean {
    let run: (timeout: number | undefined) => void;
    try {
      if (asModule) {
        const module = this.#loader.compile(source, url);
        this.#loader.link(module, this.context);
        run = (timeout) => module.evaluateSync({ timeout });
      } else {
        const script = this.isolate.compileScriptSync(source, { filename: url });
        run = (timeout) => script.runSync(this.context, { timeout });
      }
    } catch (error) {
      return this.#reportLoadError(error);
    }
    let ok = false;
    this.loop.enter((timeout) => {
      run(timeout);
      ok = true;
    }, 'exception');
    return ok;
  }

  /** A file that cannot be read, resolved or compiled: the message names the file (and line). */
  #reportLoadError(error: unknown): false {
    const text = error instanceof ModuleLoadError ? error.message : describeUncaught(error, 'exception');
    this.#report({ kind: 'exception', text });
    return false;
  }

  dispose(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

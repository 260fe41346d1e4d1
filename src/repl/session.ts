/**
 * One REPL session: a persistent sandbox in which each input runs as a classic script named `REPL<n>`
 * (so `let`/`const`/`class` persist on the global scope, as in Node's REPL), rewritten first when it
 * uses top-level `await`. The completion value goes to the isolate's `repl_complete` entry
 * (apis/repl/isolate.ts), which reports it inspected — at once, or when the awaited promise settles.
 */
import ivm from 'isolated-vm';
import type { ConsoleSink } from '../../apis/family.ts';
import { REPL_COMPLETE_ENTRY, type ReplReport } from '../../apis/repl/bridge.ts';
import { describeUncaught } from '../../pool/isolate-error.ts';
import { Sandbox } from '../../pool/sandbox.ts';
import { transformTopLevelAwait } from './await-transform.ts';
import { preferObjectLiteral } from './input.ts';

export interface ReplOutput {
  /** An input's value, inspected. */
  result(text: string): void;
  /** `Uncaught …`: what an input (or a callback it left behind) threw. */
  error(text: string): void;
}

/** Anonymous top-level frames of REPL inputs (`    at REPL3:1:5`) tell nothing; Node's REPL drops them. */
const TOP_LEVEL_FRAME = /\n\s+at (?:async )?REPL\d+:\d+:\d+(?=\n|$)/g;

const withoutTopLevelFrames = (text: string) => text.replace(TOP_LEVEL_FRAME, '');

export class ReplSession {
  readonly #console: ConsoleSink;
  readonly #output: ReplOutput;
  #sandbox: Sandbox;
  #inputs = 0;
  #interrupt: (() => void) | undefined;

  constructor(console: ConsoleSink, output: ReplOutput) {
    this.#console = console;
    this.#output = output;
    this.#sandbox = this.#createSandbox();
  }

  #createSandbox(): Sandbox {
    return new Sandbox({
      console: this.#console,
      onFailure: (failure) => this.#output.error(withoutTopLevelFrames(failure.text)),
    });
  }

  /** True while an input's value is awaited. */
  get busy(): boolean {
    return this.#interrupt !== undefined;
  }

  /**
   * Evaluates one complete input. Resolves once its value has been printed, or when it never can be
   * (an awaited promise that nothing pending can settle), or when `interrupt` is called.
   */
  async evaluate(input: string): Promise<void> {
    if (this.#sandbox.isolate.isDisposed) {
      // The memory limit was exceeded (already reported): what the isolate held is gone.
      this.#output.error('Starting over in a fresh isolate: the previous one was disposed.');
      this.reset();
    }
    const sandbox = this.#sandbox;
    const source = preferObjectLiteral(input);
    const rewritten = transformTopLevelAwait(source);
    let script: ivm.Script;
    try {
      script = sandbox.isolate.compileScriptSync(rewritten ?? source, { filename: `REPL${++this.#inputs}` });
    } catch (error) {
      this.#output.error(withoutTopLevelFrames(describeUncaught(error, 'exception')));
      return;
    }
    const completion = sandbox.loop.enter(
      (timeout) => script.runSync(sandbox.context, { reference: true, timeout }),
      'exception',
    );
    script.release();
    if (completion === undefined) return;
    const { promise: settled, resolve: finish } = Promise.withResolvers<void>();
    let reported = false;
    const report: ReplReport = (ok, text) => {
      if (reported) return;
      reported = true;
      if (ok) this.#output.result(text);
      else this.#output.error(withoutTopLevelFrames(text));
      finish();
    };
    sandbox.loop.enter((timeout) =>
      sandbox
        .entry(REPL_COMPLETE_ENTRY)
        .applySync(
          undefined,
          [completion.derefInto(), rewritten !== undefined, new ivm.Callback(report)] as never[],
          {
            timeout,
          },
        ),
    );
    completion.release();
    if (reported) return;
    this.#interrupt = finish;
    // The value is reported from inside an entry, before that entry's hold on the loop is released: an
    // idle loop with nothing reported means nothing is left that could settle it.
    await Promise.race([settled, sandbox.loop.whenIdle()]);
    this.#interrupt = undefined;
  }

  /** Stops waiting for an awaited value (Ctrl+C); the promise itself runs on. */
  interrupt(): void {
    this.#interrupt?.();
  }

  /** Resolves when no timer or host operation is pending. */
  whenIdle(): Promise<void> {
    return this.#sandbox.loop.whenIdle();
  }

  /** `.clear`: a fresh isolate, with nothing of the previous inputs. */
  reset(): void {
    this.#sandbox.dispose();
    this.#sandbox = this.#createSandbox();
  }

  dispose(): void {
    this.#sandbox.dispose();
  }
}

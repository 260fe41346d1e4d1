/**
 * `nano` without a command: a REPL in one persistent isolate (src/repl/session.ts). On a terminal it
 * prompts (`> `, `... ` while an input continues) with line editing and history; from a pipe it prints
 * only values and errors, evaluates line by line, and at the end of input waits for the timers and host
 * operations still pending before it exits. The event loop runs between lines: timers fire while the
 * REPL waits for input.
 */
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { ConsoleSink } from '../../apis/family.ts';
import { NANO_VERSION } from '../cli/version.ts';
import { terminalConsole } from '../run/run-file.ts';
import { isIncomplete } from './input.ts';
import { ReplSession } from './session.ts';

const PROMPT = '> ';
const CONTINUATION_PROMPT = '... ';

const HELP = `.break    Sometimes you get stuck, this gets you out
.clear    Break, and also start over in a fresh isolate
.exit     Exit the REPL
.help     Print this help message

Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL`;

/** `.help`, `.exit`, …: a line starting with one dot and a word (not `.5`, not `..`). */
const COMMAND = /^\s*\.([a-z]+)\s*$/i;

type CommandOutcome = 'continue' | 'exit';

class Repl {
  readonly #lines: Interface;
  readonly #session: ReplSession;
  readonly #interactive: boolean;
  #buffer = '';
  #atPrompt = false;
  #interruptedOnce = false;

  constructor(interactive: boolean) {
    this.#interactive = interactive;
    this.#lines = createInterface({
      input: process.stdin,
      output: interactive ? process.stdout : undefined,
      terminal: interactive && process.stdout.isTTY,
    });
    this.#session = new ReplSession(this.#consoleSink(), {
      result: (text) => this.#print(process.stdout, text),
      error: (text) => this.#print(process.stderr, text),
    });
    if (interactive) this.#lines.on('SIGINT', () => this.#onInterrupt());
  }

  /** Console output that arrives while the prompt is shown goes above it, and the prompt is redrawn. */
  #consoleSink(): ConsoleSink {
    return {
      write: (level, text) => {
        if (!this.#atPrompt) return terminalConsole.write(level, text);
        clearLine(process.stdout, 0);
        cursorTo(process.stdout, 0);
        terminalConsole.write(level, text);
        this.#lines.prompt(true);
      },
    };
  }

  #print(stream: NodeJS.WriteStream, text: string): void {
    if (this.#atPrompt) {
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
    }
    stream.write(`${text}\n`);
    if (this.#atPrompt) this.#lines.prompt(true);
  }

  #prompt(): void {
    if (!this.#interactive) return;
    this.#lines.setPrompt(this.#buffer === '' ? PROMPT : CONTINUATION_PROMPT);
    this.#lines.prompt();
    this.#atPrompt = true;
  }

  #onInterrupt(): void {
    if (this.#session.busy) {
      this.#session.interrupt();
    } else if (this.#buffer !== '' || this.#lines.line !== '') {
      this.#buffer = '';
      this.#lines.write(null, { ctrl: true, name: 'e' });
      this.#lines.write(null, { ctrl: true, name: 'u' });
      process.stdout.write('\n');
      this.#interruptedOnce = false;
      this.#prompt();
    } else if (this.#interruptedOnce) {
      this.#lines.close();
    } else {
      this.#interruptedOnce = true;
      process.stdout.write('\n(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n');
      this.#prompt();
    }
  }

  /** Runs a `.command`; undefined when the line is not one (a `.method()` line continuing an input). */
  #command(line: string): CommandOutcome | undefined {
    const name = COMMAND.exec(line)?.[1];
    if (name === undefined) return undefined;
    switch (name) {
      case 'exit':
        return 'exit';
      case 'help':
        process.stdout.write(`${HELP}\n`);
        break;
      case 'break':
        this.#buffer = '';
        break;
      case 'clear':
        this.#buffer = '';
        this.#session.reset();
        if (this.#interactive) process.stdout.write('Clearing context...\n');
        break;
      default:
        if (this.#buffer !== '') return undefined;
        process.stderr.write('Invalid REPL keyword\n');
    }
    return 'continue';
  }

  async run(): Promise<number> {
    if (this.#interactive) {
      process.stdout.write(`Welcome to NANO v${NANO_VERSION} (Node.js ${process.version}).\n`);
      process.stdout.write('Type ".help" for more information.\n');
    }
    this.#prompt();
    let exited = false;
    for await (const line of this.#lines) {
      this.#atPrompt = false;
      this.#interruptedOnce = false;
      const outcome = this.#command(line);
      if (outcome === 'exit') {
        exited = true;
        break;
      }
      if (outcome === undefined) await this.#accept(line);
      this.#prompt();
    }
    this.#atPrompt = false;
    this.#lines.close();
    if (!exited && !this.#interactive) {
      // The end of piped input: whatever was left unfinished is evaluated (and shows its syntax error).
      if (this.#buffer.trim() !== '') await this.#session.evaluate(this.#buffer);
      await this.#session.whenIdle();
    }
    if (this.#interactive && !exited) process.stdout.write('\n');
    this.#session.dispose();
    return 0;
  }

  async #accept(line: string): Promise<void> {
    this.#buffer = this.#buffer === '' ? line : `${this.#buffer}\n${line}`;
    if (isIncomplete(this.#buffer)) return;
    const input = this.#buffer;
    this.#buffer = '';
    if (input.trim() !== '') await this.#session.evaluate(input);
  }
}

export function startRepl(): Promise<number> {
  return new Repl(Boolean(process.stdin.isTTY)).run();
}

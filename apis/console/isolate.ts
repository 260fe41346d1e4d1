/**
 * `console` per the WHATWG Console Standard, printing the way Node 24 does: a namespace object whose
 * methods are own properties (they need no `this`, so `const { log } = console` works), formatting
 * through isolate-format.ts, and one host op for output — the terminal for `nano run`, the log (with the
 * app's name) for apps. Group indentation applies to every line of every level, as in Node.
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { withoutInternalFrames } from '../runtime/bridge.ts';
import { setUncaughtFormatter } from '../runtime/isolate.ts';
import type { ConsoleLevel } from './bridge.ts';
import { formatLogArguments } from './isolate-format.ts';
import { type InspectOptions, inspect } from './isolate-inspect.ts';
import { formatTable } from './isolate-table.ts';

export { formatLogArguments } from './isolate-format.ts';
export { inspect } from './isolate-inspect.ts';

const GROUP_INDENTATION = '  ';
const DEFAULT_LABEL = 'default';

/** `Uncaught TypeError: …` with the error's stack, as Node prints an uncaught exception. */
export function formatUncaught(error: unknown): string {
  return `Uncaught ${inspect(error)}`;
}

/** Node's `formatTime`: `1.234ms`, `2.500s`, `1:02.003 (m:ss.mmm)`. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)}s`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const [seconds, fraction] = ((ms % 60_000) / 1000).toFixed(3).split('.') as [string, string];
  const pad = (n: number | string) => String(n).padStart(2, '0');
  const clock = hours !== 0 ? `${hours}:${pad(minutes)}` : `${minutes}`;
  return `${clock}:${pad(seconds)}.${fraction} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
}

interface V8ErrorConstructor {
  captureStackTrace(target: object, constructorOpt?: unknown): void;
}

function createConsole(write: (level: ConsoleLevel, text: string) => void) {
  let indentation = '';
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const emit = (level: ConsoleLevel, text: string) => {
    write(level, indentation === '' ? text : indentation + text.replaceAll('\n', `\n${indentation}`));
  };
  const print = (level: ConsoleLevel, args: readonly unknown[]) => emit(level, formatLogArguments(args));
  const warning = (message: string) => emit('warn', `Warning: ${message}`);
  const elapsed = (method: string, label: unknown, data: readonly unknown[], end: boolean) => {
    const name = `${label ?? DEFAULT_LABEL}`;
    const start = timers.get(name);
    if (start === undefined) return warning(`No such label '${name}' for console.${method}()`);
    if (end) timers.delete(name);
    print('log', [`${name}: ${formatDuration(Date.now() - start)}`, ...data]);
  };

  const console = {
    log(...data: unknown[]) {
      print('log', data);
    },
    info(...data: unknown[]) {
      print('info', data);
    },
    debug(...data: unknown[]) {
      print('debug', data);
    },
    warn(...data: unknown[]) {
      print('warn', data);
    },
    error(...data: unknown[]) {
      print('error', data);
    },
    trace(...data: unknown[]) {
      const trace: { name: string; message: string; stack?: string } = {
        name: 'Trace',
        message: formatLogArguments(data),
      };
      (Error as unknown as V8ErrorConstructor).captureStackTrace(trace, console.trace);
      emit('trace', withoutInternalFrames(trace.stack ?? 'Trace'));
    },
    dir(item?: unknown, options?: InspectOptions) {
      emit('log', inspect(item, { customInspect: false, ...options }));
    },
    dirxml(...data: unknown[]) {
      print('log', data);
    },
    table(tabularData?: unknown, properties?: readonly string[]) {
      const table = formatTable(tabularData, properties);
      if (table === undefined) print('log', [tabularData]);
      else emit('log', table);
    },
    assert(condition?: unknown, ...data: unknown[]) {
      if (condition) return;
      // WHATWG Console "assert": the message is prefixed to a string first argument, else goes first.
      if (typeof data[0] === 'string') data[0] = `Assertion failed: ${data[0]}`;
      else data.unshift('Assertion failed');
      print('warn', data);
    },
    count(label: unknown = DEFAULT_LABEL) {
      const name = `${label}`;
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      emit('log', `${name}: ${count}`);
    },
    countReset(label: unknown = DEFAULT_LABEL) {
      const name = `${label}`;
      if (counts.has(name)) counts.set(name, 0);
      else warning(`Count for '${name}' does not exist`);
    },
    group(...data: unknown[]) {
      if (data.length > 0) print('log', data);
      indentation += GROUP_INDENTATION;
    },
    groupCollapsed(...data: unknown[]) {
      if (data.length > 0) print('log', data);
      indentation += GROUP_INDENTATION;
    },
    groupEnd() {
      indentation = indentation.slice(0, -GROUP_INDENTATION.length);
    },
    time(label: unknown = DEFAULT_LABEL) {
      const name = `${label}`;
      if (timers.has(name)) return warning(`Label '${name}' already exists for console.time()`);
      timers.set(name, Date.now());
    },
    timeLog(label?: unknown, ...data: unknown[]) {
      elapsed('timeLog', label, data, false);
    },
    timeEnd(label?: unknown) {
      elapsed('timeEnd', label, [], true);
    },
    clear() {
      // Output goes to a terminal or a log, neither of which can be cleared from here.
    },
  };
  Object.defineProperty(console, Symbol.toStringTag, { value: 'console', configurable: true });
  return console;
}

export function install(scope: IsolateScope): void {
  const { ops } = scope;
  setUncaughtFormatter(formatUncaught);
  scope.defineGlobal(
    'console',
    createConsole((level, text) => ops.op_console_write(level, text)),
  );
}

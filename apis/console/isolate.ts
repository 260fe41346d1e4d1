/** `console`, writing through the host: the terminal for `nano run`, the log (with the app's name) for apps. */
import type { IsolateScope } from '../isolate-scope.ts';
import { setUncaughtFormatter } from '../runtime/isolate.ts';
import type { ConsoleLevel } from './bridge.ts';
import { formatLogArguments, inspect } from './isolate-inspect.ts';

export function install(scope: IsolateScope): void {
  const { ops } = scope;
  const write = (level: ConsoleLevel, args: readonly unknown[]) =>
    ops.op_console_write(level, formatLogArguments(args));
  const console = {
    log: (...args: unknown[]) => write('log', args),
    info: (...args: unknown[]) => write('info', args),
    warn: (...args: unknown[]) => write('warn', args),
    error: (...args: unknown[]) => write('error', args),
    debug: (...args: unknown[]) => write('debug', args),
  };
  setUncaughtFormatter((error) => `Uncaught ${inspect(error)}`);
  scope.defineGlobal('console', console);
}

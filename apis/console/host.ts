/** The console's host half: hands each line to the sink chosen by whoever created the isolate. */
import type { HostOps, HostScope } from '../family.ts';
import type { ConsoleLevel, ConsoleOps } from './bridge.ts';

export function consoleHost(scope: HostScope): ConsoleOps & HostOps {
  return {
    op_console_write(level: ConsoleLevel, text: string) {
      scope.console.write(level, text);
    },
  };
}

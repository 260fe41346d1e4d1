/** The console family's contract. `trace` output carries a stack; `error`/`warn` go to stderr in `nano run`. */
export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

export interface ConsoleOps {
  op_console_write(level: ConsoleLevel, text: string): void;
}

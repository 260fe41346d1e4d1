/** The runtime family's contract: host operations that settle isolate promises, and uncaught errors. */
export interface RuntimeOps {
  /** An exception (or rejection) nobody handled, formatted by the isolate's inspector. */
  op_runtime_report_uncaught(text: string): void;
}

/** Settles the promise of host operation `id`: `(id, ok, value)`. */
export const SETTLE_ENTRY = 'runtime_settle';

/** How a host operation's failure crosses into the isolate, to be rebuilt there as a real error. */
export interface HostFailure {
  name: string;
  message: string;
}

/** The file name NANO's own isolate code runs under; its frames are cut from stacks shown to people. */
export const INTERNAL_FILENAME = 'nano:internal';

/** Removes stack lines that point into NANO's own isolate code. */
export function withoutInternalFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => !line.includes(INTERNAL_FILENAME))
    .join('\n');
}

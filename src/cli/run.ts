/** `nano run <file>`: parse the arguments, then hand over to src/run/run-file.ts. */
import { defineCommand } from 'citty';
import { runFile } from '../run/run-file.ts';
import { UsageError } from './exit-codes.ts';

export const runCommand = defineCommand({
  meta: {
    name: 'run',
    description: 'Run a .js, .mjs or .ts file (or - for stdin) in an isolate with the app globals',
  },
  args: {
    file: {
      type: 'positional',
      description: 'The script to run, or - to read it from stdin',
      required: true,
    },
    timeout: {
      type: 'string',
      description: 'Wall-clock limit in milliseconds (exit 124 when reached)',
      valueHint: 'ms',
    },
  },
  async run({ args }) {
    let timeoutMs: number | undefined;
    if (args.timeout !== undefined) {
      timeoutMs = Number(args.timeout);
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
        throw new UsageError(`--timeout ${args.timeout} is not a positive number of milliseconds`);
      }
    }
    process.exitCode = await runFile(args.file, { timeoutMs });
  },
});

/** `nano run <file>`: parse the arguments, then hand over to src/run/run-file.ts. */
import { defineCommand } from 'citty';
import { ConfigError } from '../config/values.ts';
import {
  OUTBOUND_ARGS,
  type OutboundFlags,
  type OutboundSettings,
  resolveOutbound,
} from '../net/outbound-options.ts';
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
    ...OUTBOUND_ARGS,
  },
  async run({ args }) {
    let timeoutMs: number | undefined;
    if (args.timeout !== undefined) {
      timeoutMs = Number(args.timeout);
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
        throw new UsageError(`--timeout ${args.timeout} is not a positive number of milliseconds`);
      }
    }
    let outbound: OutboundSettings;
    try {
      outbound = resolveOutbound(args as OutboundFlags, process.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    // Loaded only now: isolated-vm must stay out of `nano serve`'s supervisor, which loads this module.
    const { runFile } = await import('../run/run-file.ts');
    process.exitCode = await runFile(args.file, { timeoutMs, outbound });
  },
});

/**
 * The CLI root (citty): `nano run`, `nano serve`, and the REPL when no command is given. Usage errors
 * are one line on stderr and exit 2, never a page of help.
 */
import { readFileSync } from 'node:fs';
import { type CommandDef, runCommand, showUsage } from 'citty';
import { ExitCode, UsageError } from './exit-codes.ts';
import { replCommand } from './repl.ts';
import { runCommand as runScriptCommand } from './run.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const subCommands: Record<string, CommandDef> = {
  run: runScriptCommand as CommandDef,
};

const root: CommandDef = {
  meta: {
    name: 'nano',
    version,
    description: 'Run Cloudflare-Workers-style JavaScript: serve apps, run scripts, or a REPL',
  },
  subCommands,
};

export const NANO_VERSION = version;

export async function main(argv: string[]): Promise<void> {
  const [first] = argv;
  try {
    if (first === '--version' || first === '-v') {
      console.log(version);
      return;
    }
    if (first === '--help' || first === '-h') {
      await showUsage(root);
      return;
    }
    if (first === undefined) {
      await runCommand(replCommand as CommandDef, { rawArgs: argv });
      return;
    }
    if (first.startsWith('-')) throw new UsageError(`Unknown option ${first} (see nano --help)`);
    const command = subCommands[first];
    if (!command)
      throw new UsageError(`Unknown command "${first}" (commands: ${Object.keys(subCommands).join(', ')})`);
    if (argv.includes('--help') || argv.includes('-h')) {
      await showUsage(command, root);
      return;
    }
    await runCommand(command, { rawArgs: argv.slice(1) });
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'CLIError')) {
      console.error(`nano: ${error.message}`);
      process.exit(ExitCode.usage);
    }
    throw error;
  }
}

/**
 * The CLI root (citty): `nano run`, `nano serve`, and the REPL when no command is given. Usage errors
 * (an unknown command or option, a missing argument) are one line on stderr and exit 2, never a page of
 * help; help is plain text unless stdout is a terminal.
 */
import { stripVTControlCharacters } from 'node:util';
import { type ArgsDef, type CommandDef, renderUsage, runCommand } from 'citty';
import { ExitCode, UsageError } from './exit-codes.ts';
import { replCommand } from './repl.ts';
import { runCommand as runScriptCommand } from './run.ts';
import { serveCommand } from './serve.ts';
import { triggerCommand } from './trigger.ts';
import { NANO_VERSION } from './version.ts';

const subCommands: Record<string, CommandDef> = {
  run: runScriptCommand as CommandDef,
  serve: serveCommand as CommandDef,
  trigger: triggerCommand as CommandDef,
};

const root: CommandDef = {
  meta: {
    name: 'nano',
    version: NANO_VERSION,
    description: 'Run Cloudflare-Workers-style JavaScript: serve apps, run scripts, or a REPL',
  },
  subCommands,
};

const ROOT_FOOTER = 'Without a command, nano starts a REPL (input from a pipe is evaluated line by line).';

async function printUsage(command: CommandDef, parent?: CommandDef, footer?: string): Promise<void> {
  const usage = `${await renderUsage(command, parent)}${footer ? `\n${footer}\n` : ''}`;
  process.stdout.write(`${process.stdout.isTTY ? usage : stripVTControlCharacters(usage)}\n`);
}

/** Every `--name`/`-n` the command accepts (citty ignores unknown ones; we refuse them). */
function optionNames(args: ArgsDef): Set<string> {
  const names = new Set(['help', 'h']);
  for (const [name, definition] of Object.entries(args)) {
    if (definition.type === 'positional') continue;
    names.add(name);
    const aliases = 'alias' in definition ? definition.alias : undefined;
    for (const alias of [aliases ?? []].flat()) names.add(alias);
    if (definition.type === 'boolean') names.add(`no-${name}`);
  }
  return names;
}

function rejectUnknownOptions(commandName: string, command: CommandDef, argv: readonly string[]): void {
  const known = optionNames((command.args ?? {}) as ArgsDef);
  for (const token of argv) {
    if (token === '--') return;
    if (!token.startsWith('-') || token === '-') continue;
    const name = token.replace(/^--?/, '').split('=')[0] ?? '';
    if (!known.has(name))
      throw new UsageError(`Unknown option ${token.split('=')[0]} for nano ${commandName}`);
  }
}

export async function main(argv: string[]): Promise<void> {
  const [first] = argv;
  try {
    if (first === '--version' || first === '-v') {
      process.stdout.write(`${NANO_VERSION}\n`);
      return;
    }
    if (first === '--help' || first === '-h') {
      await printUsage(root, undefined, ROOT_FOOTER);
      return;
    }
    if (first === undefined) {
      await runCommand(replCommand as CommandDef, { rawArgs: argv });
      return;
    }
    if (first.startsWith('-')) throw new UsageError(`Unknown option ${first} (see nano --help)`);
    const command = subCommands[first];
    if (!command) {
      throw new UsageError(`Unknown command "${first}" (commands: ${Object.keys(subCommands).join(', ')})`);
    }
    const rest = argv.slice(1);
    if (rest.includes('--help') || rest.includes('-h')) {
      await printUsage(command, root);
      return;
    }
    rejectUnknownOptions(first, command, rest);
    await runCommand(command, { rawArgs: rest });
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.name === 'CLIError')) {
      process.stderr.write(`nano: ${error.message}\n`);
      process.exit(ExitCode.usage);
    }
    throw error;
  }
}

/** The REPL: one persistent sandbox; each input is evaluated as a script and its value echoed. */
import { createInterface } from 'node:readline';
import { Sandbox } from '../../pool/sandbox.ts';
import { terminalConsole } from '../run/run-file.ts';

export async function startRepl(): Promise<number> {
  const sandbox = new Sandbox({
    console: terminalConsole,
    onFailure: (failure) => process.stderr.write(`${failure.text}\n`),
  });
  const lines = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  });
  for await (const line of lines) {
    if (line.trim() === '.exit') break;
    sandbox.runSource(line, 'repl', false);
  }
  sandbox.dispose();
  return 0;
}

/** `nano` with no command: the REPL. */
import { defineCommand } from 'citty';
import { startRepl } from '../repl/repl.ts';

export const replCommand = defineCommand({
  meta: { name: 'nano', description: 'Interactive REPL in one persistent isolate' },
  async run() {
    process.exitCode = await startRepl();
  },
});

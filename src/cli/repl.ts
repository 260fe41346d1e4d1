/** `nano` with no command: the REPL. */
import { defineCommand } from 'citty';

export const replCommand = defineCommand({
  meta: { name: 'nano', description: 'Interactive REPL in one persistent isolate' },
  async run() {
    // Loaded only now: isolated-vm must stay out of `nano serve`'s supervisor, which loads this module.
    const { startRepl } = await import('../repl/repl.ts');
    process.exitCode = await startRepl();
  },
});

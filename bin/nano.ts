#!/usr/bin/env -S node --no-node-snapshot --disable-warning=ExperimentalWarning
/**
 * The `nano` command. isolated-vm needs V8's shared read-only heap off on Node >= 20
 * (`--no-node-snapshot`, isolated-vm README "Requirements", issue #420), so when Node was started
 * without it — `node bin/nano.ts`, or a platform whose `env` lacks `-S` — this re-runs itself with it.
 */
import { spawn } from 'node:child_process';

const REQUIRED_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];
const missing = REQUIRED_FLAGS.filter((flag) => !process.execArgv.includes(flag));

if (missing.length === 0) {
  const { main } = await import('../src/cli/main.ts');
  await main(process.argv.slice(2));
} else {
  const child = spawn(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
}

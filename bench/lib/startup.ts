/**
 * The start-up scenarios: process start → first 200 (NANO against raw uWS, interleaved), and the
 * per-tenant costs of isolate-costs.ts (first request to a never-seen app against a warm one, RSS per
 * idle app isolate).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort, waitForStatus } from './servers.ts';
import { median } from './stats.ts';
import { NODE_FLAGS, projectRoot } from './versus-node.ts';

const run = promisify(execFile);

const RAW_UWS = `import uWS from 'uWebSockets.js';
uWS.App().any('/*', (res) => res.end('Hello, World!')).listen('127.0.0.1', Number(process.argv[1]), () => {});`;

async function timeToFirst200(args: string[], path: string): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, [...args, String(port)], {
    cwd: projectRoot,
    env: { ...process.env, NANO_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    await waitForStatus(child, `http://127.0.0.1:${port}${path}`, 30_000, 2);
    return performance.now() - start;
  } finally {
    child.kill('SIGKILL');
  }
}

export interface StartupResults {
  nanoFirst200Ms: number;
  rawUwsFirst200Ms: number;
  coldFirstRequestMs: number;
  warmRequestMs: number;
  rssPerIdleIsolateMiB: number;
  idleIsolates: number;
}

type IsolateCosts = Omit<StartupResults, 'nanoFirst200Ms' | 'rawUwsFirst200Ms'>;

export async function measureStartup(
  rounds: number,
  idleApps: number,
  progress: (line: string) => void,
): Promise<StartupResults> {
  const nano: number[] = [];
  const raw: number[] = [];
  const nanoArgs = [
    ...NODE_FLAGS,
    'bin/nano.ts',
    'serve',
    '--app',
    'bench/apps/scenarios.js',
    '--host',
    '127.0.0.1',
    '--port',
  ];
  const rawArgs = ['--input-type=module', '-e', RAW_UWS];
  for (let round = 1; round <= rounds; round++) {
    nano.push(await timeToFirst200(nanoArgs, '/hello'));
    raw.push(await timeToFirst200(rawArgs, '/hello'));
    progress(
      `start-up round ${round}/${rounds}: nano ${nano.at(-1)?.toFixed(0)} ms, raw uWS ${raw.at(-1)?.toFixed(0)} ms`,
    );
  }
  progress(
    `isolate costs: first request to a never-seen app, warm request, RSS of ${idleApps} idle isolates…`,
  );
  let costs: IsolateCosts = {
    coldFirstRequestMs: Number.NaN,
    warmRequestMs: Number.NaN,
    rssPerIdleIsolateMiB: Number.NaN,
    idleIsolates: idleApps,
  };
  try {
    const { stdout } = await run(
      process.execPath,
      [...NODE_FLAGS, '--expose-gc', 'bench/lib/isolate-costs.ts', String(idleApps)],
      { cwd: projectRoot, maxBuffer: 1 << 20 },
    );
    costs = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as IsolateCosts;
  } catch (error) {
    progress(
      `isolate costs failed: ${(error as { stderr?: string }).stderr?.trim().split('\n').slice(0, 5).join(' ')}`,
    );
  }
  return { nanoFirst200Ms: median(nano), rawUwsFirst200Ms: median(raw), ...costs };
}

/**
 * The servers the harness measures, each a child process on loopback: `nano serve`, a raw
 * uWebSockets.js hello-world (the ceiling for any design on NANO's front door, and the upstream of
 * the proxy scenario), and the peers (workerd, Deno, Bun) when installed (peers.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { NODE_FLAGS, projectRoot } from './versus-node.ts';

export interface Server {
  name: string;
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (servers are told which to use: no log line to parse). */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}

/** Polls `url` until it answers 200; fails if the child exits first or after `timeoutMs`. */
export async function waitForStatus(
  child: ChildProcess,
  url: string,
  timeoutMs = 30_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with code ${child.exitCode}`);
    if (performance.now() > deadline) throw new Error(`${url}: no 200 within ${timeoutMs} ms`);
    const ok = await fetch(url).then(
      async (response) => {
        await response.arrayBuffer();
        return response.ok;
      },
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface NanoLaunch {
  /** `['--app', dir]` or `['--apps', dir]`, plus any other flags. */
  args: string[];
  threads?: number;
  env?: Record<string, string>;
}

export async function startNano(name: string, launch: NanoLaunch): Promise<Server> {
  const port = await freePort();
  const args = [
    ...NODE_FLAGS,
    'bin/nano.ts',
    'serve',
    ...launch.args,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
  ];
  if (launch.threads !== undefined) args.push('--threads', String(launch.threads));
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, NANO_LOG_LEVEL: 'warn', ...launch.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForStatus(child, `${origin}/readyz`);
  return { name, origin, child, stop: stopper(child) };
}

/** Answers every request with `Hello, World!` as text, as the NANO app's /hello does. */
const RAW_UWS = `
import uWS from 'uWebSockets.js';
uWS.App().any('/*', (res) => {
  res.writeHeader('content-type', 'text/plain;charset=UTF-8').end('Hello, World!');
}).listen('127.0.0.1', Number(process.argv[1]), () => {});
`;

export async function startRawUws(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--input-type=module', '-e', RAW_UWS, String(port)], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForStatus(child, `${origin}/hello`);
  return { name: 'raw uWS', origin, child, stop: stopper(child) };
}

/** A peer runtime: `command` starts it on `port`, serving the scenarios app. */
export async function startCommand(name: string, command: string[], port: number): Promise<Server> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForStatus(child, `${origin}/hello`);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${(error as Error).message}\n${stderr}`);
  }
  return { name, origin, child, stop: stopper(child) };
}

/** `nano serve --help`: which options this build has (the multi-app and outbound options are recent). */
export function nanoServeHelp(): string {
  return execFileSync(process.execPath, [...NODE_FLAGS, 'bin/nano.ts', 'serve', '--help'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
}

/** The process and its descendants (`nano serve` may run its servers as child processes). */
function processTree(pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    const parent = tree[index] as number;
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        const children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
        if (children !== '') tree.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process exited meanwhile: it has no children to add.
    }
  }
  return tree;
}

function sumOverTree(child: ChildProcess, read: (pid: number) => number): number {
  if (child.pid === undefined) return Number.NaN;
  let total = 0;
  for (const pid of processTree(child.pid)) {
    try {
      total += read(pid);
    } catch {
      // Exited between listing and reading.
    }
  }
  return total;
}

/** CPU time (user + system, all threads, child processes included) in microseconds (Linux /proc). */
export function cpuMicros(child: ChildProcess): number {
  return sumOverTree(child, (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // stat(5) fields 14 and 15 (utime, stime), counted from the state field (3); ticks of 10 ms (USER_HZ).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  });
}

/** Resident set size of the process and its children in MiB (Linux /proc). */
export function rssMiB(child: ChildProcess): number {
  return sumOverTree(child, (pid) => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  });
}

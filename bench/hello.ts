/**
 * The first benchmark: `nano serve --app examples/hello` against a raw uWebSockets.js hello-world
 * server (the ceiling for any design on this front door), both loaded with wrk on loopback, in
 * alternating rounds. Prints requests/s and latency percentiles per round and the medians, plus NANO's
 * ratio to raw uWS. Run it inside the Debian 13 root, where wrk is installed:
 *
 *   ../shared/tools/debian13 node bench/hello.ts [--duration 10] [--connections 64] [--rounds 3]
 *                                                [--threads N] [--log-level info]
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
    threads: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
  },
});

/** The raw uWS server: the same response as examples/hello's /api/hello, nothing else. */
const RAW_UWS = `
import uWS from 'uWebSockets.js';
const body = JSON.stringify({ message: 'Hello, World!' });
uWS.App().any('/*', (res) => {
  res.writeHeader('content-type', 'application/json').end(body);
}).listen('127.0.0.1', 0, (socket) => console.log('port ' + uWS.us_socket_local_port(socket)));
`;

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.setEncoding('utf8').on('data', function onData(chunk: string) {
      seen += chunk;
      const match = seen.match(pattern);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(match);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before ${pattern}: ${seen}`)));
  });
}

/** A port that was free a moment ago (the server is told which, so it needs no log line to say). */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  return port;
}

async function startNano(): Promise<Server> {
  const port = await freePort();
  const args = [...NODE_FLAGS, 'bin/nano.ts', 'serve', '--app', 'examples/hello', '--host', '127.0.0.1'];
  args.push('--port', String(port));
  if (flags.threads) args.push('--threads', flags.threads);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NANO_LOG_LEVEL: flags['log-level'] },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nano serve exited with code ${child.exitCode}`);
    const ready = await fetch(`${origin}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name: 'nano serve', url: `${origin}/api/hello`, child };
}

async function startRawUws(): Promise<Server> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RAW_UWS], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [, port] = await waitForLine(child, /port (\d+)/);
  return { name: 'raw uWS', url: `http://127.0.0.1:${port}/api/hello`, child };
}

interface Measurement {
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p90: number;
  p99: number;
}

function milliseconds(value: string, unit: string): number {
  const factor = unit === 'us' ? 0.001 : unit === 'ms' ? 1 : unit === 's' ? 1000 : Number.NaN;
  return Number(value) * factor;
}

async function wrk(url: string, seconds: string): Promise<Measurement> {
  const { stdout } = await run('wrk', ['-t1', `-c${flags.connections}`, `-d${seconds}s`, '--latency', url]);
  const percentile = (p: number) => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(stdout);
    return match ? milliseconds(match[1] as string, match[2] as string) : Number.NaN;
  };
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: .*/.exec(stdout);
  if (errors) process.stderr.write(`wrk reported errors for ${url}: ${errors[0]}\n`);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
  };
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function row(name: string, m: Measurement): string {
  return `${name.padEnd(22)} ${Math.round(m.requestsPerSecond).toString().padStart(9)} req/s   p50 ${m.p50.toFixed(2)} ms   p90 ${m.p90.toFixed(2)} ms   p99 ${m.p99.toFixed(2)} ms`;
}

const servers = [await startNano(), await startRawUws()];
const results = new Map<string, Measurement[]>(servers.map((server) => [server.name, []]));
try {
  for (const server of servers) await wrk(server.url, '2');
  const rounds = Number(flags.rounds);
  for (let round = 1; round <= rounds; round++) {
    for (const server of servers) {
      const measurement = await wrk(server.url, flags.duration);
      results.get(server.name)?.push(measurement);
      console.log(row(`${server.name} (round ${round})`, measurement));
    }
  }
} finally {
  for (const server of servers) server.child.kill('SIGTERM');
}

const medians = new Map<string, Measurement>();
for (const [name, measurements] of results) {
  medians.set(name, {
    requestsPerSecond: median(measurements.map((m) => m.requestsPerSecond)),
    p50: median(measurements.map((m) => m.p50)),
    p90: median(measurements.map((m) => m.p90)),
    p99: median(measurements.map((m) => m.p99)),
  });
}
console.log(
  `\nmedians (wrk -t1 -c${flags.connections} -d${flags.duration}s, ${flags.rounds} rounds, NANO_LOG_LEVEL=${flags['log-level']}):`,
);
for (const [name, measurement] of medians) console.log(row(name, measurement));
const nano = medians.get('nano serve');
const raw = medians.get('raw uWS');
if (nano && raw) {
  console.log(
    `nano serve / raw uWS: ${((100 * nano.requestsPerSecond) / raw.requestsPerSecond).toFixed(1)} %`,
  );
}

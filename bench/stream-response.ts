/**
 * A streamed response through `nano serve`: peak server RSS and throughput for one large body made
 * by a ReadableStream (issue 5: "a 100 MB streamed response holds the server's memory flat").
 *
 *   ../shared/tools/debian13 node --no-node-snapshot bench/stream-response.ts [--mb 100] [--kb 64] [--slow]
 *
 * `--slow` makes the client pause 10 ms after every MiB (backpressure reaches the isolate). RSS is the
 * server process and its children, sampled every 10 ms from /proc; the baseline is taken after a
 * warm-up response of the same kind.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { residentBytes } from '../test/helpers/process-memory.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    kb: { type: 'string', default: '64' },
    slow: { type: 'boolean', default: false },
  },
});
const MIB = 1024 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Reads one response whole; `slow` pauses the socket 10 ms after each MiB. */
function download(origin: string, path: string, slow: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${origin}${path}`, { agent: false }, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (slow && received % MIB < chunk.length) {
          response.pause();
          setTimeout(() => response.resume(), 10);
        }
      });
      response.on('end', () => resolve(received));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const server = spawn(
  process.execPath,
  [
    '--no-node-snapshot',
    '--disable-warning=ExperimentalWarning',
    `${root}bin/nano.ts`,
    'serve',
    '--app',
    `${root}bench/apps/stream-response.js`,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--threads',
    '1',
    '--log-level',
    'info',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let output = '';
const origin = await new Promise<string>((resolve, reject) => {
  server.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
    const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
    if (match) resolve(`http://127.0.0.1:${match[1]}`);
  });
  server.on('exit', (code) => reject(new Error(`nano serve exited (${code}) before listening`)));
});
try {
  const path = `/?mb=${values.mb}&kb=${values.kb}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await download(origin, `/?mb=${Math.min(16, Number(values.mb))}&kb=${values.kb}`, false);
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const pid = server.pid as number;
  const baseline = residentBytes(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentBytes(pid));
  }, 10);
  const started = performance.now();
  const bytes = await download(origin, path, values.slow);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, residentBytes(pid));
  const report = {
    body: `${(bytes / MIB).toFixed(0)} MiB in ${values.kb} KiB chunks${values.slow ? ', slow reader' : ''}`,
    seconds: Number(seconds.toFixed(2)),
    throughputMiBs: Number((bytes / MIB / seconds).toFixed(1)),
    baselineRssMiB: Number((baseline / MIB).toFixed(1)),
    peakRssMiB: Number((peak / MIB).toFixed(1)),
    growthMiB: Number(((peak - baseline) / MIB).toFixed(1)),
  };
  console.log(JSON.stringify(report));
} finally {
  server.kill('SIGTERM');
}

/**
 * Outbound fetch (issue 5 part 3): throughput of a proxy app streaming a loopback upstream's body
 * through `nano serve`, next to the same download straight from the upstream, and the latency of
 * `fetch()` to a loopback upstream from a `nano run` script, next to Node's own fetch.
 *
 *   ../shared/tools/debian13 node --no-node-snapshot bench/proxy.ts [--mb 50] [--runs 3] [--fetches 500]
 *
 * Everything is on 127.0.0.1. RSS is the server process tree, sampled every 10 ms from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startUpstream } from '../test/helpers/upstream.ts';
import { rssMiB, startNano } from './lib/servers.ts';
import { median } from './lib/stats.ts';
import { NODE_FLAGS, projectRoot } from './lib/versus-node.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    fetches: { type: 'string', default: '500' },
  },
});
const MIB = 1024 * 1024;
const bytes = Number(values.mb) * MIB;

function download(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers }, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      response.on('end', () => resolve(received));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function timed(run: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const received = await run();
  if (received !== bytes) throw new Error(`received ${received} bytes, expected ${bytes}`);
  return bytes / MIB / ((performance.now() - started) / 1000);
}

const round = (value: number) => Number(value.toFixed(1));

const upstream = await startUpstream();
const upstreamOrigin = `http://127.0.0.1:${upstream.port}`;
const server = await startNano('proxy', {
  args: ['--app', 'bench/apps/proxy.js', '--allow-outbound', `127.0.0.1:${upstream.port}`],
  threads: 1,
});
try {
  const origin = server.origin;
  const path = `/bytes?n=${bytes}`;
  const viaProxy = () => download(`${origin}${path}`, { 'x-upstream': upstreamOrigin });
  await viaProxy();
  const baseline = rssMiB(server.child);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(server.child));
  }, 10);
  const proxied: number[] = [];
  const direct: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    proxied.push(await timed(viaProxy));
    direct.push(await timed(() => download(`${upstreamOrigin}${path}`)));
  }
  clearInterval(sampler);

  const fetches = Number(values.fetches);
  const script = join(mkdtempSync(join(tmpdir(), 'nano-bench-')), 'latency.mjs');
  writeFileSync(
    script,
    `const url = ${JSON.stringify(`${upstreamOrigin}/echo`)};
const times = [];
for (let i = 0; i < ${fetches} + 50; i++) {
  const started = performance.now();
  await (await fetch(url)).text();
  if (i >= 50) times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] }));
`,
  );
  const latency = await new Promise<{ p50: number; p99: number }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...NODE_FLAGS,
        `${projectRoot}bin/nano.ts`,
        'run',
        script,
        '--allow-outbound',
        `127.0.0.1:${upstream.port}`,
        '--max-subrequests',
        String(fetches + 50),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`nano run exited ${code}`)),
    );
  });
  const nodeTimes: number[] = [];
  for (let i = 0; i < fetches + 50; i++) {
    const started = performance.now();
    await (await fetch(`${upstreamOrigin}/echo`)).text();
    if (i >= 50) nodeTimes.push(performance.now() - started);
  }
  nodeTimes.sort((a, b) => a - b);

  console.log(
    JSON.stringify({
      body: `${values.mb} MiB`,
      proxyMiBs: { median: round(median(proxied)), best: round(Math.max(...proxied)) },
      directMiBs: { median: round(median(direct)), best: round(Math.max(...direct)) },
      serverRssGrowthMiB: round(peak - baseline),
      fetchLatencyMs: {
        nanoRun: { p50: Number(latency.p50.toFixed(3)), p99: Number(latency.p99.toFixed(3)) },
        nodeFetch: {
          p50: Number((nodeTimes[Math.floor(fetches / 2)] ?? 0).toFixed(3)),
          p99: Number((nodeTimes[Math.floor(fetches * 0.99)] ?? 0).toFixed(3)),
        },
      },
    }),
  );
} finally {
  await server.stop();
  await upstream.close();
}

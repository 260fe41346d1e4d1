/**
 * `npm run bench` (inside the Debian 13 root: `../shared/tools/debian13 npm run bench -- [flags]`):
 * starts the servers on loopback, warms each scenario up, then measures every (scenario, server) pair
 * with wrk in interleaved rounds (A, B, A, B …) and reports medians. Raw uWebSockets.js is measured in
 * every round, so each figure is also a ratio to the ceiling measured under the same conditions: on a
 * shared machine, compare ratios, not absolute numbers.
 *
 *   --quick          smoke run: 2 s per measurement, 1 round, 20 idle isolates
 *   --peers          also workerd, Deno and Bun (installed on demand, see lib/peers.ts)
 *   --seconds N      per measurement (default 10)     --rounds N       (default 3)
 *   --connections N  (default 64)                     --threads N      nano serve --threads
 *   --only a,b       scenarios by name (hello, json, …, apps-1000, startup)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.ts';
import { startPeers } from './lib/peers.ts';
import { markdownTable, type Report, type Row, saveReport } from './lib/report.ts';
import {
  calibrateSpin,
  roundRobinHosts,
  SCENARIOS,
  type Scenario,
  type ScenarioContext,
} from './lib/scenarios.ts';
import { cpuMicros, nanoServeHelp, rssMiB, type Server, startNano, startRawUws } from './lib/servers.ts';
import { measureStartup } from './lib/startup.ts';
import { medianOf } from './lib/stats.ts';
import { type Load, type Measurement, wrk, wrkAvailable } from './lib/wrk.ts';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    peers: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '64' },
    threads: { type: 'string' },
    only: { type: 'string' },
  },
});

const seconds = Number(flags.seconds ?? (flags.quick ? 2 : 10));
const rounds = Number(flags.rounds ?? (flags.quick ? 1 : 3));
const connections = Number(flags.connections);
const threads = flags.threads === undefined ? undefined : Number(flags.threads);
const only = flags.only?.split(',');
const wanted = (name: string) => only === undefined || only.includes(name);
const MULTI_APPS = 1000;

if (!wrkAvailable()) {
  console.error(
    'npm run bench needs wrk: run it inside the Debian 13 root (../shared/tools/debian13 npm run bench)',
  );
  process.exit(1);
}

const log = (line: string) => console.log(line);
const machine = describeMachine();
log(
  `machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage}`,
);
log(`settings: ${seconds} s per measurement, ${rounds} round(s), ${connections} connections`);

const help = nanoServeHelp();
const skipped: string[] = [];
const servers: Server[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'nano-bench-run-'));

/** One measurement to take per round: a server under one scenario's load. */
interface Job {
  scenario: string;
  server: Server;
  load: Load;
}

try {
  const raw = await startRawUws();
  servers.push(raw);
  const context: ScenarioContext = {
    upstreamPort: Number(new URL(raw.origin).port),
    cpuIterations: calibrateSpin(2),
  };
  const nanoArgs = ['--app', 'bench/apps/scenarios.js'];
  if (help.includes('--allow-outbound'))
    nanoArgs.push('--allow-outbound', `127.0.0.1:${context.upstreamPort}`);
  log('starting nano serve…');
  const nano = await startNano('nano', { args: nanoArgs, threads });
  servers.push(nano);
  const peers = flags.peers ? await startPeers() : [];
  servers.push(...peers);

  const jobs: Job[] = [];
  for (const scenario of SCENARIOS.filter((candidate) => wanted(candidate.name))) {
    const candidates = [...(scenario.rawUws ? [raw] : []), nano, ...peers];
    for (const server of candidates) {
      const reason = await unavailable(server, scenario, context);
      if (reason !== undefined) {
        skipped.push(`${scenario.name} on ${server.name}: ${reason}`);
        log(`  skip ${scenario.name} on ${server.name}: ${reason}`);
        continue;
      }
      jobs.push({ scenario: scenario.name, server, load: loadFor(server, scenario, context) });
    }
  }
  if (!jobs.some((job) => job.server === raw)) {
    jobs.unshift({ scenario: 'hello', server: raw, load: loadFor(raw, SCENARIOS[0] as Scenario, context) });
  }
  if (wanted('apps-1000')) {
    if (help.includes('--apps')) {
      const multi = await startMultiApp();
      servers.push(multi);
      jobs.push({
        scenario: `apps-${MULTI_APPS}-round-robin`,
        server: multi,
        load: { url: `${multi.origin}/hello`, connections, seconds, script: roundRobinHosts(MULTI_APPS) },
      });
    } else {
      skipped.push(`apps-${MULTI_APPS}-round-robin: this nano serve has no --apps option yet`);
      log(`  skip apps-${MULTI_APPS}-round-robin: this nano serve has no --apps option yet`);
    }
  }

  log(`warm-up: ${jobs.length} measurements of 1 s…`);
  for (const job of jobs) await wrk({ ...job.load, seconds: 1 });

  const results = new Map<Job, Array<Measurement & { cpu: number; rss: number }>>(
    jobs.map((job) => [job, []]),
  );
  let done = 0;
  for (let round = 1; round <= rounds; round++) {
    for (const job of jobs) {
      const cpuBefore = cpuMicros(job.server.child);
      const measurement = await wrk(job.load);
      const cpu = (cpuMicros(job.server.child) - cpuBefore) / measurement.requests;
      const rss = rssMiB(job.server.child);
      results.get(job)?.push({ ...measurement, cpu, rss });
      done++;
      log(
        `[${done}/${jobs.length * rounds}] round ${round} ${job.scenario.padEnd(24)} ${job.server.name.padEnd(8)} ${Math.round(measurement.requestsPerSecond).toLocaleString('en-US').padStart(9)} req/s  p99 ${measurement.p99.toFixed(2)} ms  CPU ${cpu.toFixed(1)} µs/req${measurement.errors > 0 ? `  errors ${measurement.errors}` : ''}`,
      );
    }
  }

  const rawHello = [...results].find(([job]) => job.server === raw)?.[1] ?? [];
  const ceiling = medianOf(rawHello).requestsPerSecond;
  const rows: Row[] = [...results].map(([job, measurements]) => {
    const { cpu, rss, ...median } = medianOf(measurements);
    return {
      scenario: job.scenario,
      server: job.server.name,
      ...median,
      ratioToRawUws: median.requestsPerSecond / ceiling,
      cpuMicrosPerRequest: cpu,
      rssMiB: rss,
    };
  });
  for (const server of servers.splice(0)) await server.stop();

  const startup = wanted('startup')
    ? await measureStartup(flags.quick ? 1 : Math.max(3, rounds), flags.quick ? 20 : 200, log)
    : undefined;
  const report: Report = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    settings: { seconds, rounds, connections, threads: threads ?? 'default' },
    rows,
    skipped,
    startup,
  };
  log(`\n${markdownTable(report)}\n`);
  log(`saved ${saveReport(report)}`);
} finally {
  for (const server of servers) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}

function loadFor(server: Server, scenario: Scenario, context: ScenarioContext): Load {
  return {
    url: `${server.origin}${scenario.path(context)}`,
    connections: scenario.connections ?? connections,
    seconds,
    script: scenario.script,
  };
}

/** Why `server` cannot serve `scenario` (one probe request), or undefined when it answers 200. */
async function unavailable(
  server: Server,
  scenario: Scenario,
  context: ScenarioContext,
): Promise<string | undefined> {
  const init: RequestInit = scenario.script?.includes('POST')
    ? { method: 'POST', body: new Uint8Array(65536) }
    : {};
  try {
    const response = await fetch(`${server.origin}${scenario.path(context)}`, init);
    const body = await response.text();
    if (response.status === 200) return undefined;
    return `answered ${response.status} (${body.trim().slice(0, 80)})`;
  } catch (error) {
    return `request failed (${(error as Error).message})`;
  }
}

async function startMultiApp(): Promise<Server> {
  const dir = join(scratch, 'apps');
  for (let index = 0; index < MULTI_APPS; index++) {
    mkdirSync(join(dir, `app-${index}`), { recursive: true });
    writeFileSync(
      join(dir, `app-${index}`, 'index.js'),
      `export default { fetch() { return new Response('Hello from app ${index}'); } };\n`,
    );
  }
  log(`starting nano serve --apps with ${MULTI_APPS} apps…`);
  return startNano(`nano ×${MULTI_APPS}`, { args: ['--apps', dir], threads });
}

/** The report: a table on stdout and a JSON file in bench/results/ (gitignored) with the machine. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.ts';
import type { StartupResults } from './startup.ts';
import { projectRoot } from './versus-node.ts';
import type { Measurement } from './wrk.ts';

export interface Row extends Measurement {
  scenario: string;
  server: string;
  /** req/s divided by raw uWS hello req/s (medians of the same run). */
  ratioToRawUws: number;
  /** CPU time of the server process (all threads) per request, µs. */
  cpuMicrosPerRequest: number;
  /** Resident memory of the server process right after the load, MiB. */
  rssMiB: number;
}

export interface Report {
  date: string;
  command: string;
  machine: Machine;
  settings: { seconds: number; rounds: number; connections: number; threads: number | 'default' };
  rows: Row[];
  skipped: string[];
  startup?: StartupResults;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export function markdownTable(report: Report): string {
  const { machine, settings } = report;
  const lines = [
    `${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node} (${machine.platform}), load average ${machine.loadAverage} at the start`,
    `wrk -t1 -c${settings.connections} (stream: -c8), ${settings.seconds} s per measurement, median of ${settings.rounds} interleaved round(s); threads: ${settings.threads}`,
    '',
    '| scenario | server | req/s | × raw uWS hello | p50 ms | p90 ms | p99 ms | MiB/s | CPU µs/req | RSS MiB | errors |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of report.rows) {
    lines.push(
      `| ${row.scenario} | ${row.server} | ${Math.round(row.requestsPerSecond).toLocaleString('en-US')} | ${fixed(row.ratioToRawUws, 2)} | ${fixed(row.p50, 2)} | ${fixed(row.p90, 2)} | ${fixed(row.p99, 2)} | ${fixed(row.mibPerSecond, 1)} | ${fixed(row.cpuMicrosPerRequest, 1)} | ${fixed(row.rssMiB, 0)} | ${row.errors} |`,
    );
  }
  const startup = report.startup;
  if (startup) {
    lines.push(
      '',
      '| start-up | value |',
      '| --- | ---: |',
      `| process start → first 200, nano serve | ${fixed(startup.nanoFirst200Ms, 0)} ms |`,
      `| process start → first 200, raw uWS | ${fixed(startup.rawUwsFirst200Ms, 0)} ms |`,
      `| first request to a never-seen app (new isolate + load + answer) | ${fixed(startup.coldFirstRequestMs, 2)} ms |`,
      `| request to a warm app (same measurement) | ${fixed(startup.warmRequestMs, 3)} ms |`,
      `| RSS per idle app isolate (${startup.idleIsolates} apps) | ${fixed(startup.rssPerIdleIsolateMiB, 2)} MiB |`,
    );
  }
  if (report.skipped.length > 0) lines.push('', ...report.skipped.map((reason) => `- skipped: ${reason}`));
  return lines.join('\n');
}

/** Writes `bench/results/<date>.json` and `bench/results/latest.json`; returns the first path. */
export function saveReport(report: Report): string {
  const dir = join(projectRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.date.replaceAll(':', '-')}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  return file;
}

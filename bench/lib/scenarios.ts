/**
 * The load scenarios (bench/README.md says what each means). Every server runs bench/apps/scenarios.js,
 * one route per scenario; a scenario that a server cannot serve yet (outbound fetch before it lands,
 * a peer without an API) is skipped for that server with the status it answered.
 */

export interface ScenarioContext {
  /** The raw uWS server, the proxy scenario's upstream. */
  upstreamPort: number;
  /** Iterations of the app's spin loop that take about 2 ms on this machine. */
  cpuIterations: number;
}

export interface Scenario {
  name: string;
  path(context: ScenarioContext): string;
  /** Connections for wrk (64 unless the scenario is bandwidth-bound). */
  connections?: number;
  /** Lua for wrk (method, body). */
  script?: string;
  /** Only raw uWS's hello-world can serve this scenario among the references. */
  rawUws?: boolean;
}

const POST_64K = `wrk.method = "POST"
wrk.body = string.rep("x", 65536)
wrk.headers["Content-Type"] = "application/octet-stream"
`;

export const SCENARIOS: Scenario[] = [
  { name: 'hello', path: () => '/hello', rawUws: true },
  { name: 'json', path: () => '/json' },
  { name: 'post-echo-64k', path: () => '/echo', script: POST_64K },
  { name: 'digest-1k', path: () => '/digest' },
  { name: 'proxy-fetch', path: (context) => `/proxy?port=${context.upstreamPort}` },
  { name: 'cpu-2ms', path: (context) => `/cpu?n=${context.cpuIterations}` },
  { name: 'stream-10mb', path: () => '/stream?mb=10', connections: 8 },
];

/**
 * Mirrors the app's `spin`: how many iterations take `ms` of CPU here (V8 is the same in the isolate).
 * Timed in CPU time, not wall time: on a shared machine the wall clock also counts other processes.
 */
export function calibrateSpin(ms: number): number {
  const spin = (iterations: number) => {
    let x = 0;
    for (let i = 0; i < iterations; i++) x = (x * 31 + i) % 1000003;
    return x;
  };
  spin(1e6);
  let iterations = 1e5;
  for (;;) {
    const start = process.cpuUsage();
    spin(iterations);
    const { user, system } = process.cpuUsage(start);
    const elapsed = (user + system) / 1000;
    if (elapsed > 20) return Math.round((iterations * ms) / elapsed);
    iterations *= 2;
  }
}

/** A wrk script that spreads requests round-robin over `apps` apps, routed by Host (`app-N.localhost`). */
export function roundRobinHosts(apps: number): string {
  return `local counter = 0
request = function()
  counter = counter + 1
  wrk.headers["Host"] = "app-" .. (counter % ${apps}) .. ".localhost"
  return wrk.format(nil, "/hello")
end
`;
}

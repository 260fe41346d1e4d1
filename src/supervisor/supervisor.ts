/**
 * `nano serve`'s top process: it never loads isolated-vm or an app (a tenant can abort the process
 * that runs it — reliability notes, scenario 5), and runs `--processes` server processes
 * (src/server/server-process.ts) that all listen on one port (uWebSockets.js listens with SO_REUSEPORT
 * on Linux, so the kernel spreads connections over them).
 *
 * - Start-up: the first process loads the app on its main thread as a check (a broken app ends
 *   start-up with its error and exit 1) and takes the port — the chosen one, or for `--port 0` one the
 *   supervisor reserved (src/supervisor/free-port.ts); the others then join that port. The supervisor
 *   logs `listening` once, and `ready` once every process is ready.
 * - A process that dies is replaced after a back-off; crashes are weighed by src/supervisor/crash-ledger.ts
 *   (crash loop → exit 1; an app in 3 crashes → quarantined: src/supervisor/quarantine.ts).
 * - `/metrics` asked of any process is answered with every process's metrics summed
 *   (src/metrics/aggregate.ts), including the last totals of processes that died.
 * - SIGTERM/SIGINT: every process drains (src/server/drain.ts); one still alive after the shutdown
 *   delay + drain timeout + a margin is killed. A second signal kills them all and exits at once.
 *   SIGHUP lifts every quarantine and is passed on to every process (an operator reload: they reload
 *   their apps).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../cli/exit-codes.ts';
import type { ServeOptions } from '../config/serve-options.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { CrashLedger } from './crash-ledger.ts';
import { reservePort } from './free-port.ts';
import type { ToServer, ToSupervisor } from './messages.ts';
import { MetricsCollector } from './metrics-collector.ts';
import { Quarantine } from './quarantine.ts';

const SERVER_ENTRY = fileURLToPath(new URL('../server/server-process.ts', import.meta.url));
/** The flags bin/nano.ts runs with: isolated-vm needs `--no-node-snapshot` (its README, issue #420). */
const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];
/**
 * Node's compile cache for the server processes: a replacement starts in about half the time, since
 * compiling NANO's modules (type stripping included) is most of a server process's start-up
 * (measured: module loading 700 ms → 180 ms). An operator's NODE_COMPILE_CACHE wins.
 */
const SERVER_ENV = {
  ...process.env,
  NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'nano-compile-cache'),
};
/** Past the shutdown delay and drain timeout, how long a process gets to exit before SIGKILL. */
const KILL_MARGIN_MS = 3000;

export interface ServerProcess {
  readonly slot: number;
  readonly child: ChildProcess;
  /** Apps with requests in flight in this process (reported on change). */
  readonly busyApps: Set<string>;
  listening: boolean;
  ready: boolean;
}

function serverUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

class Supervisor {
  readonly #options: ServeOptions;
  readonly #logger: Logger;
  readonly #ledger = new CrashLedger();
  readonly #quarantine: Quarantine;
  readonly #metrics: MetricsCollector;
  readonly #processes = new Map<number, ServerProcess>();
  readonly #restartTimers = new Set<NodeJS.Timeout>();
  readonly #finished = Promise.withResolvers<number>();
  #port: number;
  #announcedReady = false;
  #stopping: { signal: string; exitCode: number } | undefined;
  #killTimer: NodeJS.Timeout | undefined;

  constructor(options: ServeOptions) {
    this.#options = options;
    this.#port = options.port;
    this.#logger = createLogger(options.log, { sync: false });
    this.#quarantine = new Quarantine({
      logger: this.#logger,
      ledger: this.#ledger,
      changed: (apps) => this.#broadcast({ type: 'quarantine', apps }),
    });
    this.#metrics = new MetricsCollector(
      () => this.#processes.values(),
      () => this.#quarantine.apps.length,
    );
  }

  async run(): Promise<number> {
    this.#handleSignals();
    const reserved = this.#port === 0 ? await reservePort(this.#options.host) : undefined;
    if (reserved !== undefined) this.#port = reserved.port;
    const first = this.#spawn(0);
    const listening = await this.#listening(first);
    reserved?.release();
    if (listening === undefined) {
      this.#logger.flush();
      return first.child.exitCode ?? ExitCode.failure;
    }
    this.#port = listening.port;
    this.#logger.info('listening', {
      url: serverUrl(this.#options.host, listening.port),
      ...listening.fields,
      processes: this.#options.processes,
      threads: this.#options.threads,
    });
    for (let slot = 1; slot < this.#options.processes; slot++) this.#spawn(slot);
    const code = await this.#finished.promise;
    this.#logger.flush();
    return code;
  }

  #spawn(slot: number): ServerProcess {
    const child = fork(SERVER_ENTRY, [], {
      execArgv: NODE_FLAGS,
      env: SERVER_ENV,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const server: ServerProcess = { slot, child, busyApps: new Set(), listening: false, ready: false };
    this.#processes.set(slot, server);
    child.on('message', (message: ToSupervisor) => this.#receive(server, message));
    child.on('exit', (code, signal) => this.#exited(server, code, signal));
    child.on('error', (error) => this.#logger.error('server process error', { slot, error: error.message }));
    const start: ToServer = {
      type: 'start',
      options: { ...this.#options, port: this.#port },
      runsCron: slot === 0,
      quarantined: this.#quarantine.apps,
    };
    child.send(start);
    return server;
  }

  /** What the first process reported once listening, or `undefined` when it exited first (its error is on stderr). */
  #listening(server: ServerProcess): Promise<Extract<ToSupervisor, { type: 'listening' }> | undefined> {
    return new Promise((resolve) => {
      const onMessage = (message: ToSupervisor) => {
        if (message.type !== 'listening') return;
        server.child.off('exit', onExit);
        server.child.off('message', onMessage);
        resolve(message);
      };
      const onExit = () => {
        server.child.off('message', onMessage);
        resolve(undefined);
      };
      server.child.on('message', onMessage);
      server.child.once('exit', onExit);
    });
  }

  #receive(server: ServerProcess, message: ToSupervisor): void {
    switch (message.type) {
      case 'listening':
        server.listening = true;
        break;
      case 'ready':
        server.ready = true;
        this.#maybeAnnounceReady(message.fields);
        break;
      case 'app-changed':
        this.#quarantine.lift(message.app, 'its code changed');
        break;
      case 'app-activity':
        if (message.busy) server.busyApps.add(message.app);
        else server.busyApps.delete(message.app);
        break;
      case 'metrics-request':
        this.#metrics.render().then(
          ({ text, contentType }) =>
            this.#send(server, { type: 'metrics', id: message.id, text, contentType }),
          (error: unknown) => this.#logger.error('metrics aggregation failed', { error: String(error) }),
        );
        break;
      case 'collected':
        this.#metrics.collected(server, message.id, message.metrics);
        break;
    }
  }

  #maybeAnnounceReady(fields: Record<string, unknown>): void {
    if (this.#announcedReady || this.#stopping !== undefined) return;
    if (this.#processes.size < this.#options.processes) return;
    for (const server of this.#processes.values()) if (!server.ready) return;
    this.#announcedReady = true;
    this.#logger.info('ready', {
      ...fields,
      processes: this.#options.processes,
      threads: this.#options.threads,
    });
  }

  #exited(server: ServerProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#processes.get(server.slot) === server) this.#processes.delete(server.slot);
    this.#metrics.retire(server);
    if (this.#stopping !== undefined) {
      if (this.#processes.size === 0) this.#finish();
      return;
    }
    if (!server.listening && server.slot === 0 && !this.#announcedReady && code !== null) {
      // The first process failed to start (its error is on stderr): nothing to restart.
      this.#finished.resolve(code === 0 ? ExitCode.failure : code);
      return;
    }
    const apps = [...server.busyApps];
    const verdict = this.#ledger.record(Date.now(), apps);
    this.#metrics.restarted();
    this.#logger.error('server process crashed', {
      serverPid: server.child.pid,
      code,
      signal,
      appsInFlight: apps,
      crashesInLastMinute: verdict.recentCrashes,
      restartInMs: verdict.crashLoop ? null : verdict.restartDelayMs,
    });
    for (const app of verdict.quarantine) this.#quarantine.add(app, verdict.recentCrashes);
    if (verdict.crashLoop) {
      this.#logger.fatal('server processes keep crashing: more than 5 crashes in 60 s; stopping', {
        crashes: verdict.recentCrashes,
      });
      this.#stop('crash loop', ExitCode.failure);
      return;
    }
    const timer = setTimeout(() => {
      this.#restartTimers.delete(timer);
      if (this.#stopping !== undefined) return;
      const replacement = this.#spawn(server.slot);
      this.#logger.info('server process replaced', { slot: server.slot, serverPid: replacement.child.pid });
    }, verdict.restartDelayMs);
    this.#restartTimers.add(timer);
  }

  #handleSignals(): void {
    const onStop = (signal: NodeJS.Signals) => {
      if (this.#stopping === undefined) {
        this.#stop(signal, ExitCode.ok);
        return;
      }
      this.#logger.warn('second signal: stopping at once', { signal });
      for (const server of this.#processes.values()) server.child.kill('SIGKILL');
      this.#logger.flush();
      process.exit(ExitCode.failure);
    };
    process.on('SIGINT', onStop);
    process.on('SIGTERM', onStop);
    process.on('SIGHUP', () => {
      this.#quarantine.liftAll('operator reload (SIGHUP)');
      for (const server of this.#processes.values()) server.child.kill('SIGHUP');
    });
  }

  #stop(signal: string, exitCode: number): void {
    this.#stopping = { signal, exitCode };
    for (const timer of this.#restartTimers) clearTimeout(timer);
    this.#restartTimers.clear();
    this.#logger.info('shutting down', {
      signal,
      processes: this.#processes.size,
      shutdownDelayMs: this.#options.shutdownDelayMs,
      drainTimeoutMs: this.#options.drainTimeoutMs,
    });
    if (this.#processes.size === 0) {
      this.#finish();
      return;
    }
    this.#broadcast({ type: 'shutdown' });
    const deadline = this.#options.shutdownDelayMs + this.#options.drainTimeoutMs + KILL_MARGIN_MS;
    this.#killTimer = setTimeout(() => {
      for (const server of this.#processes.values()) {
        this.#logger.warn('server process still running past the drain deadline: killed', {
          serverPid: server.child.pid,
        });
        server.child.kill('SIGKILL');
      }
    }, deadline);
  }

  #finish(): void {
    clearTimeout(this.#killTimer);
    const stopping = this.#stopping ?? { signal: 'exit', exitCode: ExitCode.ok };
    this.#logger.info('stopped', { signal: stopping.signal });
    this.#finished.resolve(stopping.exitCode);
  }

  #broadcast(message: ToServer): void {
    for (const server of this.#processes.values()) this.#send(server, message);
  }

  #send(server: ServerProcess, message: ToServer): void {
    if (server.child.connected) server.child.send(message);
  }
}

/** Runs `nano serve` until it is stopped; returns the exit code. */
export function supervise(options: ServeOptions): Promise<number> {
  return new Supervisor(options).run();
}

/**
 * Starts `nano serve` as a child process through the real CLI (bin/nano.ts) on 127.0.0.1 and a free
 * port, and talks to it over loopback only: fetch for ordinary requests, raw sockets for what fetch
 * refuses to send (malformed framing).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { NANO_BIN } from '../helpers/nano-cli.ts';

const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];

export function appPath(name: string): string {
  return fileURLToPath(new URL(`./apps/${name}`, import.meta.url));
}

/** Loopback and a free port unless the test chose otherwise. */
function withLoopbackDefaults(args: string[]): string[] {
  return [
    ...(args.includes('--host') ? [] : ['--host', '127.0.0.1']),
    ...(args.includes('--port') ? [] : ['--port', '0']),
    ...args,
  ];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class NanoServer {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  #port: number | undefined;
  #watchers: Array<() => void> = [];

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    // The flags bin/nano.ts would otherwise re-run itself with: one process, so signals reach the server.
    this.child = spawn(process.execPath, [...NODE_FLAGS, NANO_BIN, 'serve', ...withLoopbackDefaults(args)], {
      // No shutdown delay (the 5 s default is for load balancers to notice): tests stop at once.
      env: { ...process.env, NANO_SHUTDOWN_DELAY: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.#notify();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.#notify();
    });
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 120_000);
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        clearTimeout(killer);
        this.#notify();
        resolve({ code, signal });
      });
    });
  }

  get port(): number {
    if (this.#port === undefined) throw new Error('the server has not reported its port yet');
    return this.#port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once stdout + stderr match `pattern`; rejects if the process exits first or after 30 s. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${pattern}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`));
      }, timeoutMs);
      const check = () => {
        const match = (this.stdout + this.stderr).match(pattern);
        if (match) {
          done();
          resolve(match);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done();
          reject(
            new Error(`server exited before ${pattern}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`),
          );
        }
      };
      const done = () => {
        clearTimeout(timer);
        this.#watchers = this.#watchers.filter((watcher) => watcher !== check);
      };
      this.#watchers.push(check);
      check();
    });
  }

  /** Waits for the start-up line (which carries the port) and, unless told not to, for readiness. */
  async started(options: { ready?: boolean } = {}): Promise<this> {
    const [, port] = await this.waitFor(/http:\/\/127\.0\.0\.1:(\d+)/);
    this.#port = Number(port);
    if (options.ready ?? true) await this.waitFor(/"msg":"ready"|\bready\b.*app=/);
    return this;
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.origin}${path}`, init);
  }

  async text(path: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
    const response = await this.fetch(path, init);
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  /** JSON log lines written so far (for the json format). */
  jsonLines(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  #notify(): void {
    for (const watcher of this.#watchers.slice()) watcher();
  }
}

export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { ready?: boolean } = {},
): Promise<NanoServer> {
  return new NanoServer(args, env).started(options);
}

/** Sends raw bytes and collects what comes back until the server closes or `settleMs` of quiet. */
export function rawRequest(port: number, request: string | Buffer, settleMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, settleMs);
    };
    socket.on('connect', () => {
      socket.write(request);
      rearm();
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      rearm();
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish();
      else reject(error);
    });
  });
}

/** The status code of the first response in raw HTTP text (0 if none). */
export function statusOf(raw: string): number {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
  return match ? Number(match[1]) : 0;
}

/**
 * The container image's start-up, without a Docker engine: the Dockerfile's CMD (tini, its ENTRYPOINT,
 * only forwards signals) runs from the repository root — the image's WORKDIR holds the same files —
 * with the image's NANO_* environment in this Debian 13 root, and its HEALTHCHECK command must pass
 * against it. Only the port and address are changed (a free port, loopback), and the default app
 * `/srv/app` is the repository's examples/hello that the Dockerfile copies there.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = readFileSync(new URL('Dockerfile', `file://${ROOT}`), 'utf8').replace(/\\\n\s*/g, '');
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

/** The JSON array of an exec-form instruction of the final stage (`instruction` is a regular expression). */
function exec(instruction: string): string[] {
  const match = new RegExp(`^${instruction} (\\[.*\\])$`, 'm').exec(finalStage);
  if (!match) throw new Error(`the Dockerfile's final stage has no exec-form ${instruction}`);
  return JSON.parse(match[1] as string) as string[];
}

function environment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, body] of finalStage.matchAll(/^ENV (.*)$/gm)) {
    for (const [, name, value] of (body as string).matchAll(/(\w+)=(\S+)/g))
      env[name as string] = value as string;
  }
  return env;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

t.test('the Dockerfile: Debian 13 slim with Node 24, tini, a non-root user, port 3000', async (t) => {
  t.match(dockerfile, /^ARG NODE_IMAGE=node:24-trixie-slim$/m);
  t.match(dockerfile, /npm ci --omit=dev/);
  t.same(exec('ENTRYPOINT'), ['/usr/bin/tini', '--']);
  t.match(finalStage, /^USER node$/m);
  t.match(finalStage, /^EXPOSE 3000$/m);
  t.match(finalStage, /^COPY examples\/hello \/srv\/app$/m);
  t.match(environment(), { NANO_APP: '/srv/app', NANO_PORT: '3000', NANO_SHUTDOWN_DELAY: '5' });
});

t.test("the image's command serves the app and passes its HEALTHCHECK", async (t) => {
  const port = await freePort();
  const env = {
    ...process.env,
    ...environment(),
    NANO_APP: `${ROOT}examples/hello`,
    NANO_HOST: '127.0.0.1',
    NANO_PORT: String(port),
    NANO_SHUTDOWN_DELAY: '0',
  };
  const [command, ...args] = exec('CMD');
  t.equal(command, 'node');
  const server: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => server.kill('SIGKILL'));
  let output = '';
  server.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = once(server, 'exit');
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('"msg":"ready"')) {
        clearInterval(timer);
        resolve();
      } else if (server.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the server exited: ${output}`));
      }
    }, 50);
  });

  const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
  t.same([healthz.status, await healthz.text()], [200, '{"status":"ok"}']);
  const [healthCommand, ...healthArgs] = exec('HEALTHCHECK(?: --\\S+)* CMD');
  t.equal(healthCommand, 'node');
  await promisify(execFile)(process.execPath, healthArgs, { env });
  t.pass('the HEALTHCHECK command exits 0');
  t.same(await (await fetch(`http://127.0.0.1:${port}/api/hello`)).json(), { message: 'Hello, World!' });

  server.kill('SIGTERM');
  const [code] = await exited;
  t.equal(code, 0, 'SIGTERM (what tini forwards) stops it with exit code 0');
});

/**
 * The peers (`--peers`): workerd, Deno and Bun, installed on demand with npm into a cache directory
 * outside the project (`~/.cache/nano-bench`, or `NANO_BENCH_CACHE`), never project dependencies. A peer
 * that cannot be installed or started is skipped with a message; the rest of the run goes on.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort, type Server, startCommand } from './servers.ts';
import { projectRoot } from './versus-node.ts';

const cacheDir = process.env.NANO_BENCH_CACHE ?? join(homedir(), '.cache', 'nano-bench');
const appFile = join(projectRoot, 'bench', 'apps', 'scenarios.js');

/** A registry that does not answer must not hold up the whole run. */
const INSTALL_TIMEOUT_MS = 180_000;

interface Peer {
  name: string;
  /** The npm package that carries the binary. */
  pkg: string;
  bin: string;
  command(bin: string, port: number): string[];
}

/** Bun serves a default export with `fetch` when it also names the port. */
function bunEntry(port: number): string {
  const file = join(cacheDir, `bun-entry-${port}.js`);
  writeFileSync(
    file,
    `import app from ${JSON.stringify(appFile)};\nexport default { ...app, port: ${port}, hostname: '127.0.0.1' };\n`,
  );
  return file;
}

/** workerd wants a Cap'n Proto config; loopback upstreams need a network service that allows them. */
function workerdConfig(port: number): string {
  const file = join(cacheDir, `workerd-${port}.capnp`);
  // `embed` paths are relative to the config file.
  copyFileSync(appFile, join(cacheDir, 'scenarios.js'));
  writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "scenarios.js", esModule = embed "scenarios.js")],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`,
  );
  return file;
}

const PEERS: Peer[] = [
  {
    name: 'workerd',
    pkg: 'workerd',
    bin: 'workerd',
    command: (bin, port) => [bin, 'serve', workerdConfig(port)],
  },
  {
    name: 'deno',
    pkg: 'deno',
    bin: 'deno',
    command: (bin, port) => [
      bin,
      'serve',
      '--allow-net',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      appFile,
    ],
  },
  { name: 'bun', pkg: 'bun', bin: 'bun', command: (bin, port) => [bin, bunEntry(port)] },
];

function installed(peer: Peer): string | undefined {
  const bin = join(cacheDir, 'node_modules', '.bin', peer.bin);
  if (existsSync(bin)) return bin;
  process.stdout.write(`  installing ${peer.pkg} into ${cacheDir} (npm)…\n`);
  try {
    mkdirSync(cacheDir, { recursive: true });
    execFileSync('npm', ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', peer.pkg], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: INSTALL_TIMEOUT_MS,
    });
  } catch (error) {
    process.stdout.write(
      `  skipping ${peer.name}: npm install failed (${String((error as Error).message).split('\n')[0]})\n`,
    );
    return undefined;
  }
  return existsSync(bin) ? bin : undefined;
}

/** Starts every peer that installs and starts; prints why any other was skipped. */
export async function startPeers(): Promise<Server[]> {
  const servers: Server[] = [];
  for (const peer of PEERS) {
    const bin = installed(peer);
    if (bin === undefined) continue;
    const port = await freePort();
    try {
      servers.push(await startCommand(peer.name, peer.command(bin, port), port));
    } catch (error) {
      process.stdout.write(
        `  skipping ${peer.name}: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}\n`,
      );
    }
  }
  return servers;
}

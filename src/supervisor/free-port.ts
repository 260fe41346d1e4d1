/**
 * `--port 0`: the supervisor picks the port and gives the same one to every server process. They
 * cannot each listen on 0 and share the result: libus sets SO_REUSEPORT only for an explicit port
 * (measured: a second process could not join a port the first got by binding 0).
 *
 * The port stays reserved until the first server process listens on it: the supervisor holds it with a
 * SO_REUSEPORT socket of its own (which the server processes, same user, may join), so nothing else
 * can take it in between — another NANO picking a free port gets a different one, as Linux does not
 * hand out a port in use when binding port 0, SO_REUSEPORT or not. The port is not announced until
 * the first process listens, so no client connects to the supervisor's socket meanwhile.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface ReservedPort {
  port: number;
  release(): void;
}

export async function reservePort(host: string): Promise<ReservedPort> {
  const holder = createServer();
  holder.listen({ port: 0, host, reusePort: true });
  await once(holder, 'listening');
  const { port } = holder.address() as { port: number };
  return { port, release: () => holder.close() };
}

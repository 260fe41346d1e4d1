/**
 * The uWebSockets.js front door: routes, listen, stop accepting, close.
 * uWS reads `UWS_HTTP_MAX_HEADERS_SIZE` once, when its native module loads, so it is set here right
 * before the module is imported for the first time (a request over it gets 431 from uWS). A catch-all
 * route answers every request no other route matched: without one uWS closes the socket silently.
 *
 * The listen socket is shared: uWS sets SO_REUSEPORT on Linux unless told `LIBUS_LISTEN_EXCLUSIVE_PORT`
 * (uWebSockets.js index.d.ts `ListenOptions`), so every server process of one supervisor binds the
 * same port and the kernel spreads connections over them. A port held by a socket without
 * SO_REUSEPORT (another program) still fails to bind.
 */
import type { us_listen_socket } from 'uWebSockets.js';
import type { BuiltinRoute, RouteHandler } from './builtin-endpoints.ts';

export interface HttpServerOptions {
  host: string;
  port: number;
  maxHeaderBytes: number;
  routes: readonly BuiltinRoute[];
  /** Every request no route matched. */
  fallback: RouteHandler;
}

export interface HttpServer {
  /** The port actually bound (the chosen one for port 0). */
  readonly port: number;
  /** Stops accepting connections; open connections keep being served. */
  stopAccepting(): void;
  /** Closes every connection at once. */
  close(): void;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  process.env.UWS_HTTP_MAX_HEADERS_SIZE = String(options.maxHeaderBytes);
  const { default: uWS } = await import('uWebSockets.js');
  const app = uWS.App();
  for (const route of options.routes) {
    app.get(route.path, route.handler);
    app.head(route.path, route.handler);
  }
  app.any('/*', options.fallback);
  const socket = await new Promise<us_listen_socket | false>((resolve) => {
    app.listen(options.host, options.port, resolve);
  });
  if (socket === false) {
    app.close();
    throw new ListenError(
      `cannot listen on ${options.host}:${options.port}: the port is in use or the address is not available`,
    );
  }
  let listening: us_listen_socket | undefined = socket;
  return {
    port: uWS.us_socket_local_port(socket),
    stopAccepting() {
      if (listening === undefined) return;
      uWS.us_listen_socket_close(listening);
      listening = undefined;
    },
    close() {
      listening = undefined;
      app.close();
    },
  };
}

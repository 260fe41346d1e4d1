/**
 * The uWebSockets.js front door: routes, listen, stop accepting, close.
 * uWS reads `UWS_HTTP_MAX_HEADERS_SIZE` once, when its native module loads, so it is set here right
 * before the module is imported for the first time (a request over it gets 431 from uWS). A catch-all
 * route answers every request no other route matched: without one uWS closes the socket silently.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
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

/**
 * libus `LIBUS_LISTEN_EXCLUSIVE_PORT`: no SO_REUSEPORT, so a port another process holds is an error
 * instead of silently shared load. (Server processes meant to share a port will listen without it.)
 */
const LISTEN_EXCLUSIVE_PORT = 1;

type ListenWithOptions = (
  host: string,
  port: number,
  options: number,
  callback: (socket: us_listen_socket | false) => void,
) => TemplatedApp;

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
    (app.listen as unknown as ListenWithOptions).call(
      app,
      options.host,
      options.port,
      LISTEN_EXCLUSIVE_PORT,
      resolve,
    );
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

/**
 * What a server process needs from src/apps/: the app registry loaded, the router over it, and the
 * three ways to reload it — `--watch`, SIGHUP and the admin endpoint. Everything runs inside one server
 * process, so it works the same whether `nano serve` is one process or a supervisor's children: a
 * supervisor forwards SIGHUP to each child (or calls `reload()` through its own channel).
 */
import { type FSWatcher, watch } from 'node:fs';
import type { AppSpec } from '../../pool/task.ts';
import type { Logger } from '../log/logger.ts';
import type { RequestSink } from '../server/read-request.ts';
import { type RouteMatch, Router } from '../server/router.ts';
import { adminReloadSink } from './admin-reload.ts';
import type { AppsOptions } from './apps-options.ts';
import { registryPublisher } from './publish.ts';
import { AppRegistry, type ReloadReport } from './registry.ts';

/** File events closer together than this make one reload (editors write a file in several steps). */
const WATCH_DEBOUNCE_MS = 150;

export interface HostedApps {
  /** The array the pool threads are created with (ThreadConfig.apps), kept current by reloads. */
  readonly threadApps: AppSpec[];
  /** The app each thread loads as it starts (`--app`); `undefined` with `--apps` (lazy). */
  readonly warm: string | undefined;
  readonly names: readonly string[];
  route(url: string): RouteMatch | undefined;
  /** Called after each reload that changed the apps (`threadApps` is current by then): e.g. to reschedule crons. */
  onChange(listener: () => void): void;
  /** Starts publishing reloads to the pool threads, watching (`--watch`) and handling SIGHUP. */
  start(threadCount: () => number): void;
  /** Re-reads and rebuilds changed apps; in-flight requests finish on the old versions. Never rejects. */
  reload(reason: string): Promise<ReloadReport>;
  /** The front door's request sink with the admin reload endpoint in front (when NANO_ADMIN_TOKEN is set). */
  frontDoor(sink: RequestSink, builtinsPrefix: string): RequestSink;
  close(): void;
}

/**
 * The admin endpoint reaches one server process; with several, it reloads that one (its report is the
 * answer) and then asks the supervisor to reload every process (SIGHUP, as an operator would; the
 * process that answered finds nothing left to change).
 */
function adminReload(reload: (reason: string) => Promise<ReloadReport>, processes: number) {
  const supervised = processes > 1 && typeof process.send === 'function';
  return async (reason: string) => {
    const report = await reload(reason);
    if (supervised) process.kill(process.ppid, 'SIGHUP');
    return report;
  };
}

export async function openHostedApps(
  options: AppsOptions,
  startupTimeoutMs: number,
  logger: Logger,
  processes = 1,
): Promise<HostedApps> {
  const registry = await AppRegistry.open(
    options.source,
    {
      environment: options.environment,
      allowMissingBindings: options.allowMissingBindings,
      maxScriptBytes: options.maxScriptBytes,
      startupTimeoutMs,
      warn: (message, fields) => logger.warn(message, fields),
    },
    logger,
  );
  const single = options.source.kind === 'app' ? registry.specs[0]?.name : undefined;
  const buildRouter = () => new Router(registry.specs, options.routeBy, single);
  let router = buildRouter();
  registry.onChange(() => {
    router = buildRouter();
  });
  const cleanups: Array<() => void> = [];
  const reload = (reason: string) => {
    logger.info('reloading apps', { reason });
    return registry.reload();
  };

  return {
    threadApps: registry.specs,
    warm: single,
    get names() {
      return registry.specs.map((spec) => spec.name);
    },
    route: (url) => router.match(url),
    onChange: (listener) => registry.onChange(listener),
    start(threadCount) {
      const publisher = registryPublisher(threadCount);
      registry.setPublisher(publisher.publish);
      cleanups.push(() => publisher.close());
      const onHangup = () => void reload('SIGHUP');
      process.on('SIGHUP', onHangup);
      cleanups.push(() => process.off('SIGHUP', onHangup));
      if (options.watch) cleanups.push(watchApps(registry, reload, logger));
    },
    reload,
    frontDoor: (sink, builtinsPrefix) =>
      options.adminToken === undefined
        ? sink
        : adminReloadSink(sink, {
            prefix: builtinsPrefix,
            token: options.adminToken,
            reload: adminReload(reload, processes),
          }),
    close() {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}

function watchApps(registry: AppRegistry, reload: (reason: string) => unknown, logger: Logger): () => void {
  const path = registry.source.path;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(path, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload('files changed'), WATCH_DEBOUNCE_MS);
    });
  } catch (error) {
    logger.error('cannot watch the apps for changes', { path, error: (error as Error).message });
    return () => {};
  }
  watcher.on('error', (error) => logger.error('watching the apps failed', { path, error: error.message }));
  watcher.unref();
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * The apps a server process hosts: one `--app`, or every subdirectory of `--apps <dir>` (names starting
 * with `.` and `node_modules` are skipped). Each app has a version; `reload()` re-reads every app,
 * gives a new version only to apps whose fingerprint changed and that load cleanly, keeps the old
 * version of an app whose new one fails (the error is logged), adds new apps and drops removed ones,
 * then publishes the result to the pool threads (src/apps/publish.ts). Reloads run one at a time.
 *
 * `specs` is the very array pool threads are created with (ThreadConfig.apps): it is updated in place,
 * so a thread started after a reload (piscina replacing one that died) starts with the current apps.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { AppSpec } from '../../pool/task.ts';
import { ConfigError } from '../config/values.ts';
import type { Logger } from '../log/logger.ts';
import { type AppLoadSettings, type LoadedApp, loadApp, validateApp } from './load-app.ts';

export type AppsSource = { kind: 'app'; path: string } | { kind: 'dir'; path: string };

export interface ReloadReport {
  added: string[];
  changed: string[];
  removed: string[];
  /** Apps whose new version failed: they keep serving their old version (if they had one). */
  failed: Array<{ app: string; error: string }>;
  durationMs: number;
}

/** Hands the new app list to every pool thread; resolves once they all use it. */
export type Publish = (apps: AppSpec[]) => Promise<void>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class AppRegistry {
  readonly source: AppsSource;
  readonly specs: AppSpec[] = [];
  readonly #settings: AppLoadSettings;
  readonly #logger: Logger;
  readonly #apps = new Map<string, LoadedApp>();
  readonly #listeners: Array<() => void> = [];
  #publish: Publish = async () => {};
  #nextVersion = 1;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(source: AppsSource, settings: AppLoadSettings, logger: Logger) {
    this.source = source;
    this.#settings = settings;
    this.#logger = logger;
  }

  /** Loads every app; any app that cannot be loaded stops start-up (AppLoadError or ConfigError). */
  static async open(source: AppsSource, settings: AppLoadSettings, logger: Logger): Promise<AppRegistry> {
    const registry = new AppRegistry(source, settings, logger);
    for (const path of registry.#appPaths()) {
      const loaded = await loadApp(path, settings, source.kind === 'dir');
      const outcome = await validateApp(loaded.spec, settings.startupTimeoutMs);
      if (!outcome.ok) throw new AppLoadError(`app "${loaded.spec.name}" cannot be loaded\n${outcome.error}`);
      const existing = registry.#apps.get(loaded.spec.name);
      if (existing !== undefined) {
        throw new ConfigError(
          `apps in ${existing.dir} and ${loaded.dir} are both named "${loaded.spec.name}"`,
        );
      }
      registry.#install(loaded);
    }
    registry.#syncSpecs();
    return registry;
  }

  get apps(): readonly LoadedApp[] {
    return [...this.#apps.values()];
  }

  /** Where reloads send the new app list (the server sets it once its pool runs). */
  setPublisher(publish: Publish): void {
    this.#publish = publish;
  }

  /** Called after every reload that changed something (the router is rebuilt from `specs`). */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Re-reads every app; see the file comment. Never rejects. */
  reload(): Promise<ReloadReport> {
    const run = this.#queue.then(() => this.#reload());
    this.#queue = run.catch(() => {});
    return run;
  }

  async #reload(): Promise<ReloadReport> {
    const started = performance.now();
    const report: ReloadReport = { added: [], changed: [], removed: [], failed: [], durationMs: 0 };
    const seen = new Set<string>();
    for (const path of this.#appPaths()) {
      let loaded: LoadedApp;
      try {
        loaded = await loadApp(path, this.#settings, this.source.kind === 'dir');
      } catch (error) {
        report.failed.push({ app: this.#keepDirApps(path, seen), error: describe(error) });
        continue;
      }
      const name = loaded.spec.name;
      if (seen.has(name)) {
        report.failed.push({ app: name, error: `another app directory is also named "${name}"` });
        continue;
      }
      seen.add(name);
      const current = this.#apps.get(name);
      if (current !== undefined && current.fingerprint === loaded.fingerprint) continue;
      const outcome = await validateApp(loaded.spec, this.#settings.startupTimeoutMs);
      if (!outcome.ok) {
        report.failed.push({ app: name, error: outcome.error });
        continue;
      }
      this.#install(loaded);
      (current === undefined ? report.added : report.changed).push(name);
    }
    for (const name of [...this.#apps.keys()]) {
      if (seen.has(name)) continue;
      this.#apps.delete(name);
      report.removed.push(name);
    }
    for (const failure of report.failed) {
      this.#logger.error('app reload failed: the previous version keeps serving', failure);
    }
    if (report.added.length + report.changed.length + report.removed.length > 0) {
      this.#syncSpecs();
      await this.#publish([...this.specs]);
      for (const listener of this.#listeners) listener();
    }
    report.durationMs = performance.now() - started;
    this.#logger.info('apps reloaded', {
      added: report.added,
      changed: report.changed,
      removed: report.removed,
      failed: report.failed.map((failure) => failure.app),
      durationMs: Math.round(report.durationMs),
    });
    return report;
  }

  /** A directory that cannot be loaded now: the app it held keeps its current version. Returns its name. */
  #keepDirApps(path: string, seen: Set<string>): string {
    let name = basename(path);
    for (const app of this.#apps.values()) {
      if (app.dir !== resolve(path)) continue;
      seen.add(app.spec.name);
      name = app.spec.name;
    }
    return name;
  }

  #install(loaded: LoadedApp): void {
    loaded.spec.version = this.#nextVersion++;
    this.#apps.set(loaded.spec.name, loaded);
  }

  #syncSpecs(): void {
    this.specs.splice(0, this.specs.length, ...[...this.#apps.values()].map((app) => app.spec));
  }

  #appPaths(): string[] {
    if (this.source.kind === 'app') return [this.source.path];
    const root = resolve(this.source.path);
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => join(root, entry.name))
      .sort();
  }
}

export class AppLoadError extends Error {
  override name = 'AppLoadError';
}

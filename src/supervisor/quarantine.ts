/**
 * Quarantined apps, by name: the supervisor's list, sent whole to every server process when it
 * changes (they answer those apps 503). A quarantine ends when the app's code changes (a server
 * process reports a new version after a reload: src/supervisor/server-link.ts) or when the operator
 * reloads (SIGHUP to the supervisor). Lifting forgives the app's past crashes in the ledger.
 */
import type { Logger } from '../log/logger.ts';
import type { CrashLedger } from './crash-ledger.ts';

export interface QuarantineOptions {
  logger: Logger;
  ledger: CrashLedger;
  /** The list changed: tell every server process. */
  changed(apps: string[]): void;
}

export class Quarantine {
  readonly #options: QuarantineOptions;
  readonly #apps = new Set<string>();

  constructor(options: QuarantineOptions) {
    this.#options = options;
  }

  get apps(): string[] {
    return [...this.#apps];
  }

  add(app: string, crashes: number): void {
    if (this.#apps.has(app)) return;
    this.#apps.add(app);
    this.#options.logger.error('app quarantined: its server process crashed repeatedly while running it', {
      app,
      crashes,
      answer: '503 until its code changes or the operator reloads (SIGHUP)',
    });
    this.#options.changed(this.apps);
  }

  lift(app: string, reason: string): void {
    if (!this.#apps.delete(app)) return;
    this.#options.ledger.forgive(app);
    this.#options.logger.info('app quarantine lifted', { app, reason });
    this.#options.changed(this.apps);
  }

  liftAll(reason: string): void {
    for (const app of this.apps) this.lift(app, reason);
  }
}

/**
 * The supervisor's memory of server-process crashes and what follows from it:
 * - the restart delay: exponential back-off from 100 ms, doubling with each crash in the last 60 s,
 *   at most 10 s;
 * - a crash loop: more than 5 crashes in 60 s → the supervisor gives up and exits non-zero, so the
 *   orchestrator (systemd, Kubernetes) takes over with its own back-off (reliability notes, "Crash
 *   restart": systemd StartLimitBurst, Kubernetes CrashLoopBackOff);
 * - quarantine: an app that had requests in flight in 3 crashed processes within 10 minutes is the
 *   likely cause (a tenant can abort its process: reliability notes, scenario 5).
 * Pure bookkeeping on timestamps, so it is tested without processes.
 */

export const BACKOFF_MIN_MS = 100;
export const BACKOFF_MAX_MS = 10_000;
export const CRASH_LOOP_LIMIT = 5;
export const CRASH_LOOP_WINDOW_MS = 60_000;
export const QUARANTINE_CRASHES = 3;
export const QUARANTINE_WINDOW_MS = 10 * 60_000;

export interface CrashVerdict {
  /** Wait this long before starting the replacement. */
  restartDelayMs: number;
  /** Too many crashes: stop restarting and exit non-zero. */
  crashLoop: boolean;
  /** Crashes in the last 60 s, this one included. */
  recentCrashes: number;
  /** Apps that reached the quarantine threshold with this crash. */
  quarantine: string[];
}

interface Crash {
  at: number;
  apps: Set<string>;
}

export class CrashLedger {
  #crashes: Crash[] = [];

  /** A server process died at `at` (ms) with requests of `apps` in flight. */
  record(at: number, apps: Iterable<string>): CrashVerdict {
    this.#crashes = this.#crashes.filter((crash) => at - crash.at < QUARANTINE_WINDOW_MS);
    const crash = { at, apps: new Set(apps) };
    this.#crashes.push(crash);
    const recentCrashes = this.#crashes.filter((entry) => at - entry.at < CRASH_LOOP_WINDOW_MS).length;
    const quarantine = [...crash.apps].filter(
      (app) => this.#crashes.filter((entry) => entry.apps.has(app)).length >= QUARANTINE_CRASHES,
    );
    return {
      restartDelayMs: Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (recentCrashes - 1)),
      crashLoop: recentCrashes > CRASH_LOOP_LIMIT,
      recentCrashes,
      quarantine,
    };
  }

  /** The app's quarantine was lifted: its past crashes no longer count against it. */
  forgive(app: string): void {
    for (const crash of this.#crashes) crash.apps.delete(app);
  }
}

/** Shared by the supervisor tests: app paths, reading metrics, and the supervisor's server processes. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function supervisorApp(name: string): string {
  return fileURLToPath(new URL(`./apps/${name}`, import.meta.url));
}

/** The value of an unlabelled series (or the sum of a metric's labelled series) in Prometheus text. */
export function metric(text: string, name: string, labels = ''): number {
  const match = new RegExp(`^${name}${labels.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** The pids of a process's children (Linux /proc). */
export function childPids(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(/\s+/).map(Number);
}

/** Whether a process has mapped a file whose path contains `fragment` (a loaded native module). */
export function hasMapped(pid: number, fragment: string): boolean {
  return readFileSync(`/proc/${pid}/maps`, 'utf8').includes(fragment);
}

/** Polls `check` every 50 ms until it returns a value other than `undefined` (or `timeoutMs` passes). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

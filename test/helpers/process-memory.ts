/**
 * Resident memory of a process and all its descendants, from /proc (Linux): a server may run as a
 * supervisor with children, and the memory that matters is the whole tree's.
 */
import { readFileSync } from 'node:fs';

export function residentBytes(pid: number): number {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
      const children = readFileSync(`/proc/${current}/task/${current}/children`, 'utf8');
      for (const child of children.split(' ')) if (child.trim() !== '') pending.push(Number(child));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

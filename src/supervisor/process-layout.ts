/**
 * How many server processes and threads per process `nano serve` runs when not told. More processes
 * shrink the blast radius of a tenant that aborts its process (every request in flight in that
 * process is lost: reliability notes, scenario 5); more threads per process share one front door and
 * one port cheaply. On 1–2 cores a second process buys little isolation and costs a second copy of
 * everything, so: 1 process with a thread per core. Above that: 2 threads per process and one process
 * per 2 cores. Given one of the two, the other fills the cores.
 */
export interface ProcessLayout {
  processes: number;
  threads: number;
}

export function processLayout(cores: number, processes?: number, threads?: number): ProcessLayout {
  if (processes !== undefined && threads !== undefined) return { processes, threads };
  if (processes !== undefined) return { processes, threads: Math.max(1, Math.floor(cores / processes)) };
  if (cores <= 2) return { processes: 1, threads: threads ?? cores };
  const perProcess = threads ?? 2;
  return { processes: Math.max(1, Math.floor(cores / perProcess)), threads: perProcess };
}

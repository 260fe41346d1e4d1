/**
 * One Node timer per isolate timer; each firing is an entry into the isolate, held by the event loop
 * and billed to the request whose entry set the timer (pool/event-loop.ts "CPU accounting").
 */
import type { CpuCharge } from '../../pool/cpu-charge.ts';
import type { HostOps, HostScope } from '../family.ts';
import { FIRE_ENTRY, type TimersOps } from './bridge.ts';

interface ArmedTimer {
  handle: NodeJS.Timeout;
  release: () => void;
  charge: CpuCharge | undefined;
}

export function timersHost(scope: HostScope): TimersOps & HostOps {
  const armed = new Map<number, ArmedTimer>();
  const fire = (id: number) => {
    const timer = armed.get(id);
    if (!timer) return;
    armed.delete(id);
    scope.loop.enter(
      (timeout) =>
        scope.entry(FIRE_ENTRY).applySync(undefined, [id] as never[], { arguments: { copy: true }, timeout }),
      'rejection',
      timer.charge,
    );
    // Released after the callback, so an interval re-armed inside it keeps the loop alive.
    timer.release();
  };
  scope.onDispose(() => {
    for (const timer of armed.values()) {
      clearTimeout(timer.handle);
      timer.release();
    }
    armed.clear();
  });
  return {
    op_timers_start(id: number, delay: number, keepAlive = true) {
      const release = keepAlive ? scope.loop.hold() : () => {};
      armed.set(id, { handle: setTimeout(fire, delay, id), release, charge: scope.loop.currentCharge });
    },
    op_timers_clear(id: number) {
      const timer = armed.get(id);
      if (!timer) return;
      armed.delete(id);
      clearTimeout(timer.handle);
      timer.release();
    },
  };
}

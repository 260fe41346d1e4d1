/**
 * One time origin per isolate, taken when its context is built; readings come from the event loop's
 * clock (Node's monotonic clock, which stands still during an entry when the loop freezes it).
 */
import type { HostOps, HostScope } from '../family.ts';
import type { PerformanceOps } from './bridge.ts';

export function performanceHost(scope: HostScope): PerformanceOps & HostOps {
  const origin = performance.now();
  return {
    op_performance_now: () => scope.loop.now() - origin,
    op_performance_time_origin: () => performance.timeOrigin + origin,
    op_performance_clock_frozen: () => scope.loop.clockFrozen,
  };
}

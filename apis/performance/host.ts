/** One time origin per isolate, taken when its context is built; readings come from Node's monotonic clock. */
import type { HostOps, HostScope } from '../family.ts';
import type { PerformanceOps } from './bridge.ts';

export function performanceHost(_scope: HostScope): PerformanceOps & HostOps {
  const origin = performance.now();
  return {
    op_performance_now: () => performance.now() - origin,
    op_performance_time_origin: () => performance.timeOrigin + origin,
  };
}

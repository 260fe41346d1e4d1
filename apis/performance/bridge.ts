/** The performance family's contract: the isolate has no clock of its own that is monotonic. */
export interface PerformanceOps {
  /** Milliseconds since this isolate's time origin, from the host's monotonic clock (not coarsened). */
  op_performance_now(): number;
  /** The isolate's time origin: milliseconds since the Unix epoch when its context was created. */
  op_performance_time_origin(): number;
  /** True when the clock stands still during each entry (the default for apps; not `--precise-timers`). */
  op_performance_clock_frozen(): boolean;
}

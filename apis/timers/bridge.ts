/** The timers family's contract: the isolate keeps the callbacks, the host keeps one Node timer each. */
export interface TimersOps {
  /**
   * Arms timer `id` to fire once after `delay` ms (already clamped by the isolate per HTML). A timer
   * with `keepAlive` false (NANO's internal timers) does not keep the event loop busy.
   */
  op_timers_start(id: number, delay: number, keepAlive?: boolean): void;
  op_timers_clear(id: number): void;
}

/** Runs the callback of timer `id`: `(id)`. */
export const FIRE_ENTRY = 'timers_fire';

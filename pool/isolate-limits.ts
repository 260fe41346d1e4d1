/**
 * The limits every app isolate runs under (SECURITY.md "Limits"), and the responses NANO gives when
 * one is reached: 503 with an `x-nano-limit` header naming the limit, as Workers answers error 1102.
 */
import { plainTextResult, type ResponseResult } from './task.ts';

export interface IsolateLimits {
  /** CPU milliseconds one request may use in its isolate, over all its entries. */
  readonly cpuMs: number;
  /** isolated-vm's `memoryLimit` of each isolate (a guideline for V8, not a hard cap). */
  readonly memoryMb: number;
  /** Trusted code only: leaves `eval` and `new Function` working. */
  readonly allowEval: boolean;
  /** Trusted code only: `Date.now()` and `performance.now()` advance during an entry. */
  readonly preciseTimers: boolean;
  /** The response deadline (`--response-timeout`): a request still unanswered then is let go. */
  readonly requestDeadlineMs: number;
}

export const DEFAULT_ISOLATE_LIMITS: IsolateLimits = Object.freeze({
  cpuMs: 50,
  memoryMb: 128,
  allowEval: false,
  preciseTimers: false,
  requestDeadlineMs: 30_000,
});

/** The response header naming the limit a request ran into. */
export const LIMIT_HEADER = 'x-nano-limit';

export type LimitReason = 'cpu' | 'memory';

const LIMIT_MESSAGE: Record<LimitReason, string> = {
  cpu: 'Service Unavailable: the request exceeded its CPU time limit',
  memory: 'Service Unavailable: the app exceeded its memory limit',
};

export function limitResult(reason: LimitReason): ResponseResult {
  const result = plainTextResult(503, 'Service Unavailable', LIMIT_MESSAGE[reason]);
  result.headers.push(LIMIT_HEADER, reason);
  // The field, not the header (which an app could set on its own responses), is what metrics count.
  result.limit = reason;
  return result;
}

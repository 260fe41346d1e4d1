/**
 * The per-app limits of `nano serve` (SECURITY.md "Limits"): CPU time per request, isolate memory, URL
 * length, and the two Workers-parity defences an operator may relax for trusted code. Flags win over
 * variables, variables over the defaults in pool/isolate-limits.ts.
 */
import { DEFAULT_ISOLATE_LIMITS, type IsolateLimits } from '../../pool/isolate-limits.ts';
import { parseInteger, parseOneOf } from './values.ts';

/** Workers' URL limit; longer request targets get 414. */
export const DEFAULT_MAX_URL_LENGTH = 16 * 1024;

export interface LimitFlags {
  'cpu-limit'?: string;
  'memory-limit'?: string;
  'max-url-length'?: string;
  'allow-eval'?: boolean;
  'precise-timers'?: boolean;
}

export interface LimitEnv {
  cpuLimitMs?: number;
  memoryLimitMb?: number;
  maxUrlLength?: number;
  allowEval?: boolean;
  preciseTimers?: boolean;
}

export interface ResolvedLimits {
  readonly isolate: IsolateLimits;
  readonly maxUrlLength: number;
}

/** citty's definitions of the limit flags, for `nano serve --help`. */
export const LIMIT_ARGS = {
  'cpu-limit': {
    type: 'string',
    description: `CPU time one request may use, else 503 (NANO_CPU_LIMIT_MS, ${DEFAULT_ISOLATE_LIMITS.cpuMs})`,
    valueHint: 'ms',
  },
  'memory-limit': {
    type: 'string',
    description: `Memory of each app isolate, else 503 and a fresh isolate (NANO_MEMORY_LIMIT_MB, ${DEFAULT_ISOLATE_LIMITS.memoryMb})`,
    valueHint: 'MB',
  },
  'max-url-length': {
    type: 'string',
    description: `Longest request target, else 414 (NANO_MAX_URL_LENGTH, ${DEFAULT_MAX_URL_LENGTH})`,
    valueHint: 'bytes',
  },
  'allow-eval': {
    type: 'boolean',
    description: 'Trusted code only: let apps use eval and new Function (NANO_ALLOW_EVAL=1)',
  },
  'precise-timers': {
    type: 'boolean',
    description:
      'Trusted code only: Date.now() and performance.now() advance while code runs (NANO_PRECISE_TIMERS=1)',
  },
} as const;

const SWITCH = ['0', '1'] as const;

function read<T>(
  env: NodeJS.ProcessEnv,
  name: string,
  parse: (subject: string, text: string) => T,
): T | undefined {
  const text = env[name];
  return text === undefined || text === '' ? undefined : parse(`${name}=${text}`, text);
}

const between = (min: number, max: number) => (subject: string, text: string) =>
  parseInteger(subject, text, min, max);

const onOff = (subject: string, text: string) => parseOneOf(subject, text, SWITCH) === '1';

/** 1 ms to 5 minutes (Workers' largest CPU limit). */
const cpuMs = between(1, 300_000);
/** isolated-vm's smallest `memoryLimit` is 8 MB. */
const memoryMb = between(8, 65_536);
/** At least room for a request line's target plus its method and version. */
const urlLength = between(256, Number.MAX_SAFE_INTEGER);

export function readLimitEnv(env: NodeJS.ProcessEnv): LimitEnv {
  return {
    cpuLimitMs: read(env, 'NANO_CPU_LIMIT_MS', cpuMs),
    memoryLimitMb: read(env, 'NANO_MEMORY_LIMIT_MB', memoryMb),
    maxUrlLength: read(env, 'NANO_MAX_URL_LENGTH', urlLength),
    allowEval: read(env, 'NANO_ALLOW_EVAL', onOff),
    preciseTimers: read(env, 'NANO_PRECISE_TIMERS', onOff),
  };
}

function flag<T>(
  flags: LimitFlags,
  name: 'cpu-limit' | 'memory-limit' | 'max-url-length',
  parse: (subject: string, text: string) => T,
): T | undefined {
  const text = flags[name];
  return text === undefined ? undefined : parse(`--${name} ${text}`, text);
}

export function resolveLimits(flags: LimitFlags, env: LimitEnv, responseTimeoutMs: number): ResolvedLimits {
  const defaults = DEFAULT_ISOLATE_LIMITS;
  return Object.freeze({
    isolate: Object.freeze({
      cpuMs: flag(flags, 'cpu-limit', cpuMs) ?? env.cpuLimitMs ?? defaults.cpuMs,
      memoryMb: flag(flags, 'memory-limit', memoryMb) ?? env.memoryLimitMb ?? defaults.memoryMb,
      allowEval: flags['allow-eval'] === true || (env.allowEval ?? defaults.allowEval),
      preciseTimers: flags['precise-timers'] === true || (env.preciseTimers ?? defaults.preciseTimers),
      requestDeadlineMs: responseTimeoutMs,
    }),
    maxUrlLength: flag(flags, 'max-url-length', urlLength) ?? env.maxUrlLength ?? DEFAULT_MAX_URL_LENGTH,
  });
}

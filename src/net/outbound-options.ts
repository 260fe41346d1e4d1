/**
 * Outbound `fetch` settings of `nano serve` and `nano run`: the allow list and the subrequest limits.
 * Flags win over NANO_* variables, variables over the defaults (Workers' free plan: 50 subrequests per
 * request, 6 simultaneous connections).
 */

import { parseInteger, parseSeconds } from '../config/values.ts';
import { type AllowedTarget, parseAllowList } from './allow-list.ts';

export interface OutboundSettings {
  /** Targets reachable although their address is not public. */
  readonly allow: readonly AllowedTarget[];
  /** Subrequests (redirect hops included) one incoming request may make. */
  readonly maxSubrequests: number;
  /** Subrequests of one incoming request open at once; more wait for a free slot. */
  readonly maxConnections: number;
  /** Time for the response head, and the longest pause while its body is read. */
  readonly subrequestTimeoutMs: number;
}

export const DEFAULT_OUTBOUND: OutboundSettings = Object.freeze({
  allow: Object.freeze([]),
  maxSubrequests: 50,
  maxConnections: 6,
  subrequestTimeoutMs: 30_000,
});

export interface OutboundFlags {
  'allow-outbound'?: string;
  'max-subrequests'?: string;
  'subrequest-timeout'?: string;
}

/** citty's definitions of the outbound flags (shared by `nano serve` and `nano run`). */
export const OUTBOUND_ARGS = {
  'allow-outbound': {
    type: 'string',
    description:
      'Let fetch() reach these non-public targets, e.g. 127.0.0.1:8080,db.internal:* (NANO_ALLOW_OUTBOUND)',
    valueHint: 'host:port,…',
  },
  'max-subrequests': {
    type: 'string',
    description: `fetch() calls per request (NANO_MAX_SUBREQUESTS, ${DEFAULT_OUTBOUND.maxSubrequests})`,
    valueHint: 'n',
  },
  'subrequest-timeout': {
    type: 'string',
    description: `Time for a subrequest's response, and the longest pause in its body (NANO_SUBREQUEST_TIMEOUT, ${DEFAULT_OUTBOUND.subrequestTimeoutMs / 1000})`,
    valueHint: 'seconds',
  },
} as const;

const ENV_NAMES = {
  'allow-outbound': 'NANO_ALLOW_OUTBOUND',
  'max-subrequests': 'NANO_MAX_SUBREQUESTS',
  'subrequest-timeout': 'NANO_SUBREQUEST_TIMEOUT',
} as const;

function setting<T>(
  flags: OutboundFlags,
  env: NodeJS.ProcessEnv,
  name: keyof OutboundFlags,
  parse: (subject: string, text: string) => T,
): T | undefined {
  const flag = flags[name];
  if (flag !== undefined) return parse(`--${name} ${flag}`, flag);
  const text = env[ENV_NAMES[name]];
  return text === undefined || text === '' ? undefined : parse(`${ENV_NAMES[name]}=${text}`, text);
}

/** Throws ConfigError naming the flag or variable when a value is wrong. */
export function resolveOutbound(flags: OutboundFlags, env: NodeJS.ProcessEnv): OutboundSettings {
  return Object.freeze({
    allow: Object.freeze(setting(flags, env, 'allow-outbound', parseAllowList) ?? []),
    maxSubrequests:
      setting(flags, env, 'max-subrequests', (subject, text) =>
        parseInteger(subject, text, 0, Number.MAX_SAFE_INTEGER),
      ) ?? DEFAULT_OUTBOUND.maxSubrequests,
    maxConnections: DEFAULT_OUTBOUND.maxConnections,
    subrequestTimeoutMs:
      setting(flags, env, 'subrequest-timeout', parseSeconds) ?? DEFAULT_OUTBOUND.subrequestTimeoutMs,
  });
}

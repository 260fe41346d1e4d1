/** `nano serve`'s flags for the supervisor, shutdown and isolate recycling (citty argument definitions). */
import { DEFAULT_RECYCLE_SETTINGS } from '../../pool/recycle-policy.ts';

const seconds = (ms: number) => ms / 1000;

export const SUPERVISOR_ARGS = {
  processes: {
    type: 'string',
    description: 'Server processes sharing the port (NANO_PROCESSES; 1 on 1–2 cores, else cores ÷ threads)',
    valueHint: 'n',
  },
  'shutdown-delay': {
    type: 'string',
    description: 'After SIGTERM, seconds to keep serving with /readyz 503 (NANO_SHUTDOWN_DELAY, 5)',
    valueHint: 'seconds',
  },
  'drain-timeout': {
    type: 'string',
    description: 'Then, seconds in-flight requests and waitUntil work may take (NANO_DRAIN_TIMEOUT, 20)',
    valueHint: 'seconds',
  },
  'recycle-after-requests': {
    type: 'string',
    description:
      'Replace an app isolate after this many requests; 0 = never (NANO_RECYCLE_AFTER_REQUESTS, 0)',
    valueHint: 'n',
  },
  'recycle-after': {
    type: 'string',
    description: 'Replace an app isolate after this many seconds; 0 = never (NANO_RECYCLE_AFTER, 0)',
    valueHint: 'seconds',
  },
  'recycle-heap-fraction': {
    type: 'string',
    description: `Replace an isolate whose heap stays above this fraction of its limit (NANO_RECYCLE_HEAP_FRACTION, ${DEFAULT_RECYCLE_SETTINGS.heapFraction})`,
    valueHint: 'fraction',
  },
  'max-isolates-per-thread': {
    type: 'string',
    description: `Isolates one thread keeps; least recently used evicted beyond (NANO_MAX_ISOLATES_PER_THREAD, ${DEFAULT_RECYCLE_SETTINGS.maxIsolates})`,
    valueHint: 'n',
  },
  'isolate-idle-timeout': {
    type: 'string',
    description: `Evict an isolate idle this many seconds; 0 = never (NANO_ISOLATE_IDLE_TIMEOUT, ${seconds(DEFAULT_RECYCLE_SETTINGS.idleTimeoutMs)})`,
    valueHint: 'seconds',
  },
} as const;

/** Every family's op contract in one type: what the isolate halves may call on the host. */
import type { ConsoleOps } from './console/bridge.ts';
import type { RuntimeOps } from './runtime/bridge.ts';
import type { TimersOps } from './timers/bridge.ts';

export type AllOps = RuntimeOps & ConsoleOps & TimersOps;

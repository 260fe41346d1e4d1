/** Every family's op contract in one type: what the isolate halves may call on the host. */
import type { AppOps } from './app/bridge.ts';
import type { CompressionOps } from './compression/bridge.ts';
import type { ConsoleOps } from './console/bridge.ts';
import type { CryptoOps } from './crypto/bridge.ts';
import type { EncodingOps } from './encoding/bridge.ts';
import type { FetchOps } from './fetch/bridge.ts';
import type { NavigatorOps } from './navigator/bridge.ts';
import type { PerformanceOps } from './performance/bridge.ts';
import type { RuntimeOps } from './runtime/bridge.ts';
import type { TimersOps } from './timers/bridge.ts';
import type { UrlOps } from './url/bridge.ts';

export type AllOps = RuntimeOps &
  ConsoleOps &
  TimersOps &
  AppOps &
  EncodingOps &
  CryptoOps &
  CompressionOps &
  UrlOps &
  PerformanceOps &
  NavigatorOps &
  FetchOps;

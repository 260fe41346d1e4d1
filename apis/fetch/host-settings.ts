/**
 * The outbound settings every fetch host half of this thread (or `nano run` process) uses. Set once at
 * start-up: pool/worker.ts from its ThreadConfig, src/run/run-file.ts from its flags. A thread hosts
 * one server's apps, so one setting per thread is the right scope.
 */
import { DEFAULT_OUTBOUND, type OutboundSettings } from '../../src/net/outbound-options.ts';

let current: OutboundSettings = DEFAULT_OUTBOUND;

export function configureOutbound(settings: OutboundSettings | undefined): void {
  current = settings ?? DEFAULT_OUTBOUND;
}

export function outboundSettings(): OutboundSettings {
  return current;
}

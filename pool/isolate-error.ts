/**
 * Turning what an isolate threw into text for a person. isolated-vm hands the host a copy of the thrown
 * value whose stack continues past `(<isolated-vm boundary>)` into host frames: those are NANO's, never
 * the tenant's business, and are cut.
 */
import { inspect } from 'node:util';
import { withoutInternalFrames } from '../apis/runtime/bridge.ts';

const BOUNDARY = /\n\s+at \(<isolated-vm boundary>\)[\s\S]*$/;

export function isolateStack(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? `${error.name}: ${error.message}`;
    return withoutInternalFrames(stack.replace(BOUNDARY, ''));
  }
  return inspect(error);
}

/** `Uncaught …` for an exception, `Uncaught (in promise) …` for a rejection, as Node and browsers print. */
export function describeUncaught(error: unknown, kind: 'exception' | 'rejection'): string {
  return `${kind === 'rejection' ? 'Uncaught (in promise)' : 'Uncaught'} ${isolateStack(error)}`;
}

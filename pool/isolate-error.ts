/**
 * Turning what an isolate threw into text for a person. isolated-vm hands the host a copy of the thrown
 * value whose stack continues past `(<isolated-vm boundary>)` into host frames: those are NANO's, never
 * the tenant's business, and are cut.
 */
import { inspect } from 'node:util';
import { withoutInternalFrames } from '../apis/runtime/bridge.ts';

const BOUNDARY = /\n\s+at \(<isolated-vm boundary>\)[\s\S]*$/;

/** isolated-vm's stand-in for a thrown object it cannot copy out (only Errors are copied): its host stack is NANO's. */
const NOT_COPYABLE =
  /^An object was thrown from supplied code within isolated-vm, but that object was not an instance of `Error`\.$/;

export function isolateStack(error: unknown): string {
  if (error instanceof Error && NOT_COPYABLE.test(error.message)) {
    return '[an object that is not an Error: only Errors and primitives can be shown from outside the isolate]';
  }
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

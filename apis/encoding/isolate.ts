/**
 * The Encoding Standard's API: TextEncoder and TextDecoder (every encoding of §4.2), plus the standard's
 * "UTF-8 encode"/"UTF-8 decode" hooks that bodies, Blob and forms use without building a TextDecoder.
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { setEncodingOps } from './isolate-host.ts';
import { TextDecoder } from './isolate-text-decoder.ts';
import { TextEncoder } from './isolate-text-encoder.ts';

export { TextDecoder } from './isolate-text-decoder.ts';
export { TextEncoder } from './isolate-text-encoder.ts';
export { utf8Decode, utf8DecodeWithoutBOM, utf8Encode } from './isolate-utf8.ts';

export function install(scope: IsolateScope): void {
  setEncodingOps(scope.ops);
  scope.defineGlobal('TextEncoder', TextEncoder);
  scope.defineGlobal('TextDecoder', TextDecoder);
}

/**
 * The pool thread's side of streamed response bodies (protocol: pool/stream-protocol.ts). Each relay
 * pulls one chunk at a time from the isolate (`app_stream_pull`) while the front door's credit allows,
 * and posts the chunks on; the isolate's stream is cancelled (`app_stream_cancel`) when the front door
 * closes the port first.
 *
 * Pulls never start from inside an isolate callback: a chunk arriving during an entry (a timer, a host
 * operation's settlement) schedules the next pull for later on the host instead of re-entering the
 * isolate. A chunk the stream had queued arrives during the pull's own entry and the pull loop simply
 * continues.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { STREAM_CANCEL_ENTRY, STREAM_PULL_ENTRY } from '../apis/app/bridge.ts';
import type { AppLog } from './app-isolate.ts';
import type { Sandbox } from './sandbox.ts';
import {
  STREAM_END,
  STREAM_ERROR,
  STREAM_WINDOW_BYTES,
  type StreamCredit,
  type StreamedBody,
  type StreamMessage,
} from './stream-protocol.ts';

/** The isolate's stream is cancelled with a TypeError of this message (Workers' text for the case). */
const DISCONNECTED = 'Network connection lost.';

interface StreamSource {
  pull(): void;
  cancel(reason: string): void;
}

class ResponseStreamRelay {
  readonly #port: MessagePort;
  readonly #source: StreamSource;
  /** Bytes posted and not yet credited by the front door. */
  #uncredited = 0;
  /** A pull is under way: the isolate owes a chunk, the end, or an error. */
  #pulling = false;
  #pumping = false;
  #pumpScheduled = false;
  #finished = false;

  constructor(port: MessagePort, source: StreamSource) {
    this.#port = port;
    this.#source = source;
    port.on('message', (credit: StreamCredit) => {
      this.#uncredited -= credit;
      // Resume at half a window: the pulls then run in batches, not one per credit message.
      if (this.#uncredited <= STREAM_WINDOW_BYTES / 2) this.#pump();
    });
    port.on('close', () => {
      if (this.#finished) return;
      this.#finished = true;
      this.#source.cancel(DISCONNECTED);
    });
    this.#schedulePump();
  }

  chunk(chunk: ArrayBuffer): void {
    if (this.#finished) return;
    this.#pulling = false;
    this.#uncredited += chunk.byteLength;
    this.#post(chunk, [chunk]);
    this.#schedulePump();
  }

  /** The body ended (`end`) or failed (`error`): the front door finishes the response and closes the port. */
  finish(how: typeof STREAM_END | typeof STREAM_ERROR): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#post(how, []);
  }

  #post(message: StreamMessage, transfer: ArrayBuffer[]): void {
    this.#port.postMessage(message, transfer);
  }

  #schedulePump(): void {
    if (this.#pumping || this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    while (!this.#finished && !this.#pulling && this.#uncredited < STREAM_WINDOW_BYTES) {
      this.#pulling = true;
      this.#source.pull();
    }
    this.#pumping = false;
  }
}

interface OpenStream {
  relay: ResponseStreamRelay;
  method: string;
  url: string;
}

/** An app isolate's streamed responses, by request id. */
export class ResponseStreams {
  readonly #sandbox: Sandbox;
  readonly #log: AppLog;
  readonly #open = new Map<number, OpenStream>();

  constructor(sandbox: Sandbox, log: AppLog) {
    this.#sandbox = sandbox;
    this.#log = log;
  }

  /** Starts relaying request `requestId`'s body; the result goes to the front door with the head. */
  /** Response bodies still streaming. */
  get size(): number {
    return this.#open.size;
  }

  open(requestId: number, method: string, url: string, length: number | null): StreamedBody {
    const { port1, port2 } = new MessageChannel();
    const relay = new ResponseStreamRelay(port1, {
      pull: () => this.#enter(STREAM_PULL_ENTRY, [requestId]),
      cancel: (reason) => {
        this.#open.delete(requestId);
        this.#enter(STREAM_CANCEL_ENTRY, [requestId, reason]);
      },
    });
    this.#open.set(requestId, { relay, method, url });
    return { port: port2, length };
  }

  /** A head arrived for a request nobody waits for any more (it timed out): drop its stream. */
  discard(requestId: number): void {
    // Called from inside the isolate (the head's op): cancel once that entry has returned.
    setImmediate(() => this.#enter(STREAM_CANCEL_ENTRY, [requestId, DISCONNECTED]));
  }

  chunk(requestId: number, chunk: ArrayBuffer): void {
    this.#open.get(requestId)?.relay.chunk(chunk);
  }

  end(requestId: number): void {
    this.#close(requestId)?.relay.finish(STREAM_END);
  }

  error(requestId: number, detail: string): void {
    const stream = this.#close(requestId);
    if (stream === undefined) return;
    this.#log.error('response body stream failed after the response started; connection aborted', {
      method: stream.method,
      url: stream.url,
      error: detail,
    });
    stream.relay.finish(STREAM_ERROR);
  }

  /** The isolate is going away: every open stream fails. */
  abandon(): void {
    for (const { relay } of this.#open.values()) relay.finish(STREAM_ERROR);
    this.#open.clear();
  }

  #close(requestId: number): OpenStream | undefined {
    const stream = this.#open.get(requestId);
    this.#open.delete(requestId);
    return stream;
  }

  #enter(entry: string, args: unknown[]): void {
    this.#sandbox.loop.enter((timeout) =>
      this.#sandbox
        .entry(entry)
        .applySync(undefined, args as never[], { arguments: { copy: true }, timeout }),
    );
  }
}

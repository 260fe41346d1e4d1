/**
 * Writing a response whose body arrives from a pool thread as a stream (pool/stream-protocol.ts).
 *
 * - Framing: a known length (a FixedLengthStream) is sent as Content-Length through `tryEnd`, which
 *   writes only what the socket takes and leaves the rest to `onWritable`; an unknown length is sent
 *   with chunked transfer coding through `write` (RFC 9112 §7.1), which uWS buffers whole, so the next
 *   chunk waits until `onWritable` says the socket takes more.
 * - Backpressure: a chunk is credited back to the thread only once the socket took it, and the thread
 *   reads the isolate's stream only while its uncredited bytes are under the window: a slow client
 *   holds at most a window and a chunk here, and stops the tenant's producer.
 * - Disconnect: the client going away closes the port, and the thread cancels the isolate's stream.
 * - Idle timeout: the head had to come within the response deadline; after it, a stream that sends
 *   nothing for `idleTimeoutMs` while the client is ready for more is cancelled and the connection is
 *   closed. (A client that stops reading is uWS's to time out, not the app's.)
 * - A stream that errors after the head, or a thread that goes away, aborts the connection: the
 *   client sees a truncated body, never a complete-looking one.
 */
import type { HttpResponse } from 'uWebSockets.js';
import {
  STREAM_END,
  type StreamCredit,
  type StreamedBody,
  type StreamMessage,
} from '../../pool/stream-protocol.ts';
import type { Exchange } from './exchange.ts';
import { forbidsBody, writeHead } from './write-response.ts';

/**
 * `complete`: the whole body was sent; `aborted`: the client went away; `failed`: the app's stream
 * errored (or its thread went away) after the head; `idle`: the stream stalled past the idle timeout.
 */
export type StreamEnding = 'complete' | 'aborted' | 'failed' | 'idle';

export interface StreamedResponse {
  status: number;
  statusText: string;
  headers: string[];
  stream: StreamedBody;
}

export interface StreamOutcome {
  ending: StreamEnding;
  /** Body bytes handed to the socket. */
  bytes: number;
}

/** A chunk the socket did not take whole; `start` is the response's write offset before it. */
interface Blocked {
  chunk: ArrayBuffer;
  start: number;
}

class StreamWriter {
  readonly #exchange: Exchange;
  readonly #res: HttpResponse;
  readonly #port: StreamedBody['port'];
  readonly #length: number | null;
  readonly #done: (outcome: StreamOutcome) => void;
  readonly #idleTimer: NodeJS.Timeout;
  readonly #queue: ArrayBuffer[] = [];
  #blocked: Blocked | undefined;
  #bytes = 0;
  /** The thread sent the end of the body. */
  #ended = false;
  /** uWS has ended the response (`tryEnd` reached the length): `res` must not be touched again. */
  #responded = false;
  #finished = false;

  constructor(
    exchange: Exchange,
    stream: StreamedBody,
    idleTimeoutMs: number,
    done: (outcome: StreamOutcome) => void,
  ) {
    this.#exchange = exchange;
    this.#res = exchange.res;
    this.#port = stream.port;
    this.#length = stream.length;
    this.#done = done;
    this.#idleTimer = setTimeout(() => this.#idle(), idleTimeoutMs);
    exchange.onAbort = () => this.#finish('aborted');
    this.#res.onWritable((offset) => this.#writable(offset));
    this.#port.on('message', (message: StreamMessage) => {
      // A throw from a port listener would end the process: a broken response is closed instead.
      try {
        this.#receive(message);
      } catch {
        this.#finish('failed');
      }
    });
    this.#port.on('close', () => this.#finish('failed'));
  }

  #receive(message: StreamMessage): void {
    if (this.#finished) return;
    this.#idleTimer.refresh();
    if (message instanceof ArrayBuffer) this.#queue.push(message);
    else if (message === STREAM_END) this.#ended = true;
    else {
      this.#finish('failed');
      return;
    }
    // Once uWS has ended the response (the known length was reached), `res` is off limits.
    if (this.#responded) this.#flush();
    else this.#res.cork(() => this.#flush());
  }

  /** Writes queued chunks until the socket pushes back; ends the response after the last one. */
  #flush(): void {
    while (this.#blocked === undefined && !this.#finished) {
      const chunk = this.#queue.shift();
      if (chunk === undefined) break;
      this.#send(chunk);
    }
    if (!this.#ended || this.#blocked !== undefined || this.#queue.length > 0 || this.#finished) return;
    if (this.#length === null) {
      this.#res.end();
      this.#responded = true;
    }
    // A known length not reached means the body came up short: the client must not take it as whole.
    this.#finish(this.#responded ? 'complete' : 'failed');
  }

  #send(chunk: ArrayBuffer): void {
    // Bytes beyond a known length (which a FixedLengthStream never sends) are dropped, not written.
    if (this.#responded) return;
    if (this.#length === null) {
      this.#bytes += chunk.byteLength;
      if (this.#res.write(chunk)) this.#release(chunk);
      else this.#blocked = { chunk, start: -1 };
      return;
    }
    const start = this.#res.getWriteOffset();
    const [ok, responded] = this.#res.tryEnd(chunk, this.#length);
    this.#responded = responded;
    if (ok) this.#sent(chunk);
    else this.#blocked = { chunk, start };
  }

  /** The socket drained: finish the blocked chunk, then go on with the queue. */
  #writable(offset: number): boolean {
    if (this.#finished) return true;
    // uWS does not drain its own buffer while an onWritable handler is registered: uncorking writes
    // out what it holds (and keeps the socket polled for writability while some is left).
    if (this.#length === null) this.#res.cork(() => {});
    const blocked = this.#blocked;
    if (blocked === undefined) return true;
    if (this.#length !== null) {
      const [ok, responded] = this.#res.tryEnd(
        new Uint8Array(blocked.chunk, offset - blocked.start),
        this.#length,
      );
      this.#responded = responded;
      if (!ok) return false;
      this.#sent(blocked.chunk);
    } else {
      this.#release(blocked.chunk);
    }
    this.#blocked = undefined;
    this.#flush();
    return true;
  }

  #sent(chunk: ArrayBuffer): void {
    this.#bytes += chunk.byteLength;
    this.#release(chunk);
  }

  /** The socket took `chunk`: the thread may read more, and the chunk's memory is freed now. */
  #release(chunk: ArrayBuffer): void {
    const credit: StreamCredit = chunk.byteLength;
    this.#port.postMessage(credit);
    // uWS copied the bytes; detaching frees them at once instead of at this heap's next GC, which
    // a fast stream would otherwise outrun by tens of megabytes.
    chunk.transfer(0);
  }

  #idle(): void {
    if (this.#finished) return;
    // The client is not keeping up: the app is not stalling, so the clock starts again.
    if (this.#blocked !== undefined) this.#idleTimer.refresh();
    else this.#finish('idle');
  }

  #finish(ending: StreamEnding): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#idleTimer);
    this.#exchange.onAbort = undefined;
    this.#port.close();
    // Reported before closing: closing runs onAborted, and the log would blame the client.
    this.#done({ ending, bytes: this.#bytes });
    if (ending !== 'complete' && !this.#exchange.aborted && !this.#responded) this.#res.close();
  }
}

/**
 * Writes the head of `response` at once and then its body as the thread sends it; `done` gets the
 * outcome once the response is finished one way or another. `headOnly` (HEAD) and statuses without a
 * body send the head alone and cancel the stream.
 */
export function writeStreamedResponse(
  exchange: Exchange,
  response: StreamedResponse,
  headOnly: boolean,
  idleTimeoutMs: number,
  done: (outcome: StreamOutcome) => void,
): void {
  const { stream } = response;
  if (!exchange.open) {
    stream.port.close();
    done({ ending: 'aborted', bytes: 0 });
    return;
  }
  exchange.answered = true;
  const { res } = exchange;
  const bodiless = headOnly || forbidsBody(response.status);
  res.cork(() => {
    writeHead(res, response.status, response.statusText, response.headers);
    if (!bodiless) return;
    if (forbidsBody(response.status) || stream.length === null) res.endWithoutBody();
    else res.endWithoutBody(stream.length);
  });
  if (bodiless) {
    stream.port.close();
    done({ ending: 'complete', bytes: 0 });
    return;
  }
  new StreamWriter(exchange, stream, idleTimeoutMs, done);
}

/**
 * The fetch family's contract: outbound requests (`fetch()`) made by the host for the isolate. One
 * subrequest is one exchange, named by the id of the host operation that started it. Redirects are
 * followed inside the isolate (Fetch §4.4 "HTTP-redirect fetch"), so every hop is a new exchange and
 * passes the host's address policy again. Response bodies come in chunk by chunk, each read only when
 * the isolate's stream is pulled: the host never holds more than the socket's own buffer.
 */

/** The response head an exchange settles its start operation with. */
export interface FetchedHead {
  status: number;
  statusText: string;
  /** Flat [name, value, …] as received. */
  headers: string[];
  /** False for HEAD requests and null-body statuses: nothing to read. */
  hasBody: boolean;
}

export interface FetchOps {
  /**
   * Starts exchange `id` (a host operation settled with a FetchedHead). `body` is the whole request
   * body; with `streamed` it is null and the body follows through `op_fetch_upload`.
   */
  op_fetch_start(
    id: number,
    method: string,
    url: string,
    headers: string[],
    body: ArrayBuffer | null,
    streamed: boolean,
  ): void;
  /** Sends the next request body chunk of `exchange` (null: the end); settles once it is written. */
  op_fetch_upload(id: number, exchange: number, chunk: ArrayBuffer | null): void;
  /** Settles with the next response body chunk of `exchange` (an ArrayBuffer), or null at its end. */
  op_fetch_read(id: number, exchange: number): void;
  /** Abandons `exchange` (aborted, cancelled, or its redirect was followed); its pending operations fail. */
  op_fetch_cancel(exchange: number): void;
}

/**
 * Response headers an app may not set on the wire by hand. The connection-specific fields of
 * RFC 9110 §7.6.1 belong to the connection NANO manages, and Content-Length is written by the front
 * door from the real body (RFC 9110 §8.6: a wrong one corrupts the framing). Like Workers, NANO drops
 * them silently rather than failing the response.
 */
const SERVER_OWNED = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'proxy-connection',
  'te',
  'transfer-encoding',
  'upgrade',
]);

/** `flat` without the server-owned headers (the same array when there are none, as is usual). */
export function withoutServerOwnedHeaders(flat: string[]): string[] {
  let kept: string[] | undefined;
  for (let index = 0; index < flat.length; index += 2) {
    const owned = SERVER_OWNED.has((flat[index] as string).toLowerCase());
    if (owned && kept === undefined) kept = flat.slice(0, index);
    else if (!owned && kept !== undefined) kept.push(flat[index] as string, flat[index + 1] as string);
  }
  return kept ?? flat;
}

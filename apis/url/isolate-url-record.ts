/**
 * A URL record read back from its serialization (URL Standard §4.5 "URL serializer"). The host parses;
 * the isolate keeps only the href and splits it here, which is exact because a serialized URL escapes
 * every delimiter inside its components: userinfo percent-encodes ":", "@", "/", "?" and "#"; hosts
 * cannot contain them (a port's ":" is the last one outside IPv6 brackets); paths encode "?" and "#";
 * queries encode "#". Only the fragment may contain anything, and it comes last.
 */

export interface URLRecord {
  readonly href: string;
  /** The scheme followed by ":" (the `protocol` getter). */
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  /** Whether the URL has a host (its serialization has "//" after the scheme). */
  readonly hasHost: boolean;
  /** The host serialized ("" when null); IPv6 addresses keep their brackets. */
  readonly hostname: string;
  readonly port: string;
  /** URL path serializing: the "/." a host-less URL puts before a path starting with "//" is not part of it. */
  readonly pathname: string;
  readonly query: string | null;
  readonly fragment: string | null;
}

/** URL Standard §4.5: the "/." prefix that keeps "web+demo:/.//not-a-host/" from reparsing with a host. */
const PATH_ONLY_PREFIX = '/.//';

export function splitHref(href: string): URLRecord {
  const schemeEnd = href.indexOf(':');
  const fragmentStart = href.indexOf('#', schemeEnd);
  const beforeFragment = fragmentStart === -1 ? href.length : fragmentStart;
  const questionMark = href.indexOf('?', schemeEnd);
  const queryStart = questionMark !== -1 && questionMark < beforeFragment ? questionMark : -1;
  const pathEnd = queryStart === -1 ? beforeFragment : queryStart;

  let username = '';
  let password = '';
  let hostname = '';
  let port = '';
  let pathStart = schemeEnd + 1;
  const hasHost = href.startsWith('//', pathStart);
  if (hasHost) {
    const authorityStart = pathStart + 2;
    const slash = href.indexOf('/', authorityStart);
    const authorityEnd = slash !== -1 && slash < pathEnd ? slash : pathEnd;
    let hostStart = authorityStart;
    const at = href.lastIndexOf('@', authorityEnd - 1);
    if (at >= authorityStart) {
      const colon = href.indexOf(':', authorityStart);
      if (colon !== -1 && colon < at) {
        username = href.slice(authorityStart, colon);
        password = href.slice(colon + 1, at);
      } else {
        username = href.slice(authorityStart, at);
      }
      hostStart = at + 1;
    }
    const hostEnd = href.startsWith('[', hostStart) ? href.indexOf(']', hostStart) + 1 : hostStart;
    const portColon = href.indexOf(':', hostEnd);
    if (portColon !== -1 && portColon < authorityEnd) {
      hostname = href.slice(hostStart, portColon);
      port = href.slice(portColon + 1, authorityEnd);
    } else {
      hostname = href.slice(hostStart, authorityEnd);
    }
    pathStart = authorityEnd;
  } else if (href.startsWith(PATH_ONLY_PREFIX, pathStart)) {
    pathStart += 2;
  }
  return {
    href,
    protocol: href.slice(0, schemeEnd + 1),
    username,
    password,
    hasHost,
    hostname,
    port,
    pathname: href.slice(pathStart, pathEnd),
    query: queryStart === -1 ? null : href.slice(queryStart + 1, beforeFragment),
    fragment: fragmentStart === -1 ? null : href.slice(fragmentStart + 1),
  };
}

/** The schemes whose origin is a tuple (URL Standard §4.7 "origin"); every other URL has an opaque origin. */
const TUPLE_ORIGIN_SCHEMES = new Set(['ftp:', 'http:', 'https:', 'ws:', 'wss:']);

/**
 * The serialization of a URL's origin (HTML "serialization of an origin"). `parse` is needed for blob:
 * URLs, whose origin is that of the URL in their path when it is http(s).
 */
export function serializeOrigin(record: URLRecord, parse: (input: string) => URLRecord | null): string {
  if (TUPLE_ORIGIN_SCHEMES.has(record.protocol)) {
    const port = record.port === '' ? '' : `:${record.port}`;
    return `${record.protocol}//${record.hostname}${port}`;
  }
  if (record.protocol === 'blob:') {
    const pathURL = parse(record.pathname);
    if (pathURL !== null && (pathURL.protocol === 'http:' || pathURL.protocol === 'https:')) {
      return serializeOrigin(pathURL, parse);
    }
  }
  return 'null';
}

/**
 * The href with its query replaced (URLSearchParams "update steps"); null removes the query. An opaque
 * path needs no care: the parser percent-encodes a space that ends one before "?" or "#".
 */
export function withQuery(record: URLRecord, query: string | null): string {
  const { href, fragment } = record;
  const fragmentLength = fragment === null ? 0 : fragment.length + 1;
  const queryLength = record.query === null ? 0 : record.query.length + 1;
  const beforeQuery = href.slice(0, href.length - fragmentLength - queryLength);
  const tail = fragment === null ? '' : `#${fragment}`;
  return query === null ? `${beforeQuery}${tail}` : `${beforeQuery}?${query}${tail}`;
}

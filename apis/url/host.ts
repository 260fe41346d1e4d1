/**
 * The host half of the url family: Node's URL parser (ada) for parsing and setters, and Node's URLPattern
 * for compiling patterns into canonical pattern strings. Pattern matching itself runs in the isolate, so a
 * tenant's regular expressions run under the isolate's time limit and never on the worker thread.
 */
import { URLPattern } from 'node:url';
import type { HostOps, HostScope } from '../family.ts';
import {
  URL_PATTERN_COMPONENTS,
  URL_SETTERS,
  type URLPatternInitRecord,
  type URLSetter,
  type UrlOps,
} from './bridge.ts';
import { hasValidAceLabels } from './host-idna.ts';

/** The special schemes whose hosts are domains, which "domain to ASCII" (and so UTS #46) applies to. */
const DOMAIN_SCHEMES = new Set(['ftp:', 'file:', 'http:', 'https:', 'ws:', 'wss:']);

function hasValidHost(url: URL): boolean {
  return !DOMAIN_SCHEMES.has(url.protocol) || hasValidAceLabels(url.hostname);
}

/** ada lowercases hosts, so a serialized URL with an ACE label contains this. */
const ACE_PREFIX = 'xn--';
const ACE_ANYWHERE = /xn--/i;

/** URL Standard "API URL parser": a failure for the base is a failure, even when the input is absolute. */
function parse(input: string, base: string | undefined): string | null {
  if (base !== undefined && ACE_ANYWHERE.test(base)) {
    const baseURL = URL.parse(base);
    if (baseURL === null || !hasValidHost(baseURL)) return null;
  }
  const url = URL.parse(input, base);
  if (url === null) return null;
  const { href } = url;
  return href.includes(ACE_PREFIX) && !hasValidHost(url) ? null : href;
}

/** A setter that would give the URL a host UTS #46 rejects leaves it unchanged, as for any host error. */
function set(href: string, setter: URLSetter, value: string): string {
  if (!URL_SETTERS.includes(setter)) throw new TypeError(`Not a URL setter: ${setter}`);
  const url = new URL(href);
  url[setter] = value;
  const result = url.href;
  return result.includes(ACE_PREFIX) && !hasValidHost(url) ? href : result;
}

/**
 * A pattern that matches every URL: its exec() result holds each component of the input as "process a
 * URLPatternInit" canonicalized it, and its regular expressions are all `^(.*)$`, so running them on the
 * host costs time linear in the input.
 */
let matchEverything: URLPattern | undefined;

function processInit(input: URLPatternInitRecord): string[] | null {
  matchEverything ??= new URLPattern();
  const result = matchEverything.exec(input);
  return result === null ? null : URL_PATTERN_COMPONENTS.map((component) => result[component].input);
}

function compilePattern(
  input: string | URLPatternInitRecord,
  baseURL: string | undefined,
  ignoreCase: boolean,
): string[] | string {
  try {
    const pattern =
      baseURL === undefined
        ? new URLPattern(input, { ignoreCase })
        : new URLPattern(input, baseURL, { ignoreCase });
    return URL_PATTERN_COMPONENTS.map((component) => pattern[component]);
  } catch (error) {
    if (error instanceof TypeError) return error.message;
    throw error;
  }
}

export function urlHost(_scope: HostScope): UrlOps & HostOps {
  return {
    op_url_parse: parse,
    op_url_set: set,
    op_url_pattern_compile: compilePattern,
    op_url_pattern_process_init: processInit,
  };
}

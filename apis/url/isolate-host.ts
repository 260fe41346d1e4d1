/** The url family's host ops, set once by `install`, and the URL parse every isolate half uses. */
import type { UrlOps } from './bridge.ts';
import { splitHref, type URLRecord } from './isolate-url-record.ts';

let ops: UrlOps | undefined;

export function setUrlOps(value: UrlOps): void {
  ops = value;
}

export function urlOps(): UrlOps {
  if (ops === undefined) throw new Error('The url family is used before its install() ran');
  return ops;
}

/** The URL record of `input` parsed against `base`, or null (the basic URL parser's failure). */
export function parseURL(input: string, base?: string): URLRecord | null {
  const href = urlOps().op_url_parse(input, base);
  return href === null ? null : splitHref(href);
}

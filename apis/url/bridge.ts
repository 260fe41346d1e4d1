/**
 * The url family's contract. The host runs the URL Standard's parser (Node's ada, which passes the WPT
 * URL tables); the isolate keeps each URL as its href and reads the components from it, so a parse or a
 * setter is one crossing that returns one string and every getter stays inside the isolate.
 */

/** The URL attributes whose setters run the basic URL parser with a state override (URL Standard §6.1). */
export const URL_SETTERS = [
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
] as const;

export type URLSetter = (typeof URL_SETTERS)[number];

/** URL Pattern Standard §1.1: the components of a pattern, in the order results list them. */
export const URL_PATTERN_COMPONENTS = [
  'protocol',
  'username',
  'password',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
] as const;

export type URLPatternComponent = (typeof URL_PATTERN_COMPONENTS)[number];

/** A URLPatternInit dictionary after Web IDL conversion: only the members that were present. */
export type URLPatternInitRecord = Partial<Record<URLPatternComponent | 'baseURL', string>>;

/** One string per component, in URL_PATTERN_COMPONENTS order. */
export type URLPatternComponentStrings = string[];

export interface UrlOps {
  /** The serialized URL of `input` parsed against `base`, or null when either fails to parse. */
  op_url_parse(input: string, base: string | undefined): string | null;
  /** The href after running `href`'s `setter` with `value` (setters ignore values they cannot use). */
  op_url_set(href: string, setter: URLSetter, value: string): string;
  /**
   * Compiles a URLPattern: the canonical pattern string of every component, or the host's error message
   * when the pattern is invalid.
   */
  op_url_pattern_compile(
    input: string | URLPatternInitRecord,
    baseURL: string | undefined,
    ignoreCase: boolean,
  ): URLPatternComponentStrings | string;
  /**
   * URL Pattern Standard "process a URLPatternInit" with type "url": the canonical value of every
   * component of a dictionary input, or null when one of them cannot be canonicalized.
   */
  op_url_pattern_process_init(input: URLPatternInitRecord): URLPatternComponentStrings | null;
}

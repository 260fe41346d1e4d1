// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * URL Pattern Standard §1 the URLPattern class. Node's URLPattern on the host validates a pattern and
 * canonicalizes its components (constructor string parsing, URLPatternInit processing, the URL parser's
 * canonicalization); this isolate parses the canonical pattern strings again, builds the regular
 * expressions and runs every match, so a tenant's regular expressions stay under the isolate's limits.
 * One crossing per constructor, and per exec()/test() of a dictionary input (canonicalizing it); a string
 * input costs one URL parse.
 */
import { defineInterface, isObject, toDictionary, toUSVString, typeError } from '../fetch/isolate-webidl.ts';
import { URL_PATTERN_COMPONENTS, type URLPatternComponent, type URLPatternInitRecord } from './bridge.ts';
import { parseURL, urlOps } from './isolate-host.ts';
import { defineInspect, type Inspect, inspectAttributes } from './isolate-inspect.ts';
import {
  DEFAULT_OPTIONS,
  generateRegexp,
  HOSTNAME_OPTIONS,
  PATHNAME_OPTIONS,
  type PatternOptions,
  parsePatternString,
} from './isolate-pattern-parser.ts';

type URLPatternInput = string | URLPatternInitRecord;

interface Component {
  /** The canonical pattern string (the component's getter). */
  pattern: string;
  regexp: RegExp;
  /** The group names, in the order of the regular expression's capture groups. */
  names: string[];
  hasRegExpGroups: boolean;
}

type Components = Record<URLPatternComponent, Component>;

interface ComponentResult {
  input: string;
  groups: Record<string, string | undefined>;
}

type URLPatternResult = { inputs: URLPatternInput[] } & Record<URLPatternComponent, ComponentResult>;

/** Captured at load: matching must not depend on what a tenant does to the RegExp globals. */
const NativeRegExp = RegExp;
const regExpExec = RegExp.prototype.exec;
const { apply } = Reflect;
const { stringify } = JSON;

function execute(component: Component, input: string): RegExpExecArray | null {
  return apply(regExpExec, component.regexp, [input]) as RegExpExecArray | null;
}

/** URL Standard §4.2 "special scheme"s, for "protocol component matches a special scheme". */
const SPECIAL_SCHEMES = ['ftp', 'file', 'http', 'https', 'ws', 'wss'];

/** URLPatternInit's members, in the lexicographic order Web IDL converts dictionary members in. */
const INIT_MEMBERS = [
  'baseURL',
  'hash',
  'hostname',
  'password',
  'pathname',
  'port',
  'protocol',
  'search',
  'username',
] as const;

type Operation = 'exec' | 'test' | undefined;

function failure(operation: Operation, message: string): TypeError {
  return typeError({ interface: 'URLPattern', operation }, message);
}

/** Web IDL `(USVString or URLPatternInit)`: null, undefined and objects are dictionaries. */
function toURLPatternInput(value: unknown, operation: Operation): URLPatternInput {
  if (value !== undefined && value !== null && !isObject(value)) return toUSVString(value);
  const dictionary = toDictionary(value, { interface: 'URLPattern', operation }, 'URLPatternInit');
  const init: URLPatternInitRecord = {};
  for (const member of INIT_MEMBERS) {
    const memberValue = dictionary[member];
    if (memberValue !== undefined) init[member] = toUSVString(memberValue);
  }
  return init;
}

function compileComponent(pattern: string, options: PatternOptions, ignoreCase: boolean): Component {
  const parts = parsePatternString(pattern, options);
  const { source, names } = generateRegexp(parts, options);
  let regexp: RegExp;
  try {
    regexp = new NativeRegExp(source, ignoreCase ? 'vi' : 'v');
  } catch (error) {
    throw failure(undefined, `Invalid regular expression in '${pattern}': ${(error as Error).message}`);
  }
  return { pattern, regexp, names, hasRegExpGroups: parts.some((part) => part.type === 'regexp') };
}

/** §1.3 "create": default options everywhere but the hostname, pathname, search and hash. */
function compileComponents(patterns: readonly string[], ignoreCase: boolean): Components {
  const [
    protocol = '',
    username = '',
    password = '',
    hostname = '',
    port = '',
    pathname = '',
    search = '',
    hash = '',
  ] = patterns;
  const protocolComponent = compileComponent(protocol, DEFAULT_OPTIONS, false);
  const special = SPECIAL_SCHEMES.some((scheme) => execute(protocolComponent, scheme) !== null);
  return {
    protocol: protocolComponent,
    username: compileComponent(username, DEFAULT_OPTIONS, false),
    password: compileComponent(password, DEFAULT_OPTIONS, false),
    hostname: compileComponent(hostname, HOSTNAME_OPTIONS, false),
    port: compileComponent(port, DEFAULT_OPTIONS, false),
    pathname: compileComponent(pathname, special ? PATHNAME_OPTIONS : DEFAULT_OPTIONS, ignoreCase),
    search: compileComponent(search, DEFAULT_OPTIONS, ignoreCase),
    hash: compileComponent(hash, DEFAULT_OPTIONS, ignoreCase),
  };
}

/** §1.4 "match", steps that turn the input into one string per component; null when it is not a URL. */
function componentInputs(
  input: URLPatternInput,
  baseURL: string | undefined,
  operation: Operation,
): string[] | null {
  if (typeof input !== 'string') {
    if (baseURL !== undefined) throw failure(operation, 'A base URL is only allowed with a string input.');
    return urlOps().op_url_pattern_process_init(input);
  }
  const url = parseURL(input, baseURL);
  if (url === null) return null;
  return [
    url.protocol.slice(0, -1),
    url.username,
    url.password,
    url.hostname,
    url.port,
    url.pathname,
    url.query ?? '',
    url.fragment ?? '',
  ];
}

/**
 * Compiled patterns by constructor arguments, so that a handler building the same URLPattern for every
 * request compiles it once. Components are never changed after compilation, and regular expressions
 * without the g or y flag keep no state between exec() calls, so instances can share them.
 */
const compiledPatterns = new Map<string, Components>();
const MAX_COMPILED_PATTERNS = 256;

let componentsOf: (pattern: unknown, operation: string) => Components;

export class URLPattern {
  #components: Components;

  static {
    componentsOf = (pattern, operation) => {
      if (!isObject(pattern) || !(#components in pattern))
        throw failure(operation as Operation, 'Illegal invocation');
      return pattern.#components;
    };
  }

  /**
   * `(URLPatternInput input, USVString baseURL, optional URLPatternOptions options)` or
   * `(optional URLPatternInput input, optional URLPatternOptions options)`: with two arguments, the
   * second is the options when it is undefined, null or an object (Web IDL overload resolution).
   */
  constructor(
    input: unknown = undefined,
    baseURLOrOptions: unknown = undefined,
    options: unknown = undefined,
  ) {
    const patternInput = toURLPatternInput(input, undefined);
    const second = arguments.length >= 2 ? baseURLOrOptions : undefined;
    const secondIsOptions =
      arguments.length < 3 && (second === undefined || second === null || isObject(second));
    const baseURL = secondIsOptions ? undefined : toUSVString(second);
    const dictionary = toDictionary(
      secondIsOptions ? second : options,
      { interface: 'URLPattern' },
      'URLPatternOptions',
    );
    const ignoreCase = Boolean(dictionary.ignoreCase);
    const key = stringify([patternInput, baseURL ?? null, ignoreCase]);
    let components = compiledPatterns.get(key);
    if (components === undefined) {
      const compiled = urlOps().op_url_pattern_compile(patternInput, baseURL, ignoreCase);
      if (typeof compiled === 'string') throw failure(undefined, `Invalid pattern (${compiled}).`);
      components = compileComponents(compiled, ignoreCase);
      if (compiledPatterns.size === MAX_COMPILED_PATTERNS)
        compiledPatterns.delete(compiledPatterns.keys().next().value as string);
      compiledPatterns.set(key, components);
    }
    this.#components = components;
  }

  test(input: unknown = undefined, baseURL: unknown = undefined): boolean {
    const components = componentsOf(this, 'test');
    const inputs = componentInputs(
      toURLPatternInput(input, 'test'),
      baseURL === undefined ? undefined : toUSVString(baseURL),
      'test',
    );
    return (
      inputs !== null &&
      URL_PATTERN_COMPONENTS.every(
        (name, index) => execute(components[name], inputs[index] as string) !== null,
      )
    );
  }

  exec(input: unknown = undefined, baseURL: unknown = undefined): URLPatternResult | null {
    const components = componentsOf(this, 'exec');
    const patternInput = toURLPatternInput(input, 'exec');
    const baseString = baseURL === undefined ? undefined : toUSVString(baseURL);
    const inputs = componentInputs(patternInput, baseString, 'exec');
    if (inputs === null) return null;
    const result = {
      inputs: baseString === undefined ? [patternInput] : [patternInput, baseString],
    } as URLPatternResult;
    for (const [index, name] of URL_PATTERN_COMPONENTS.entries()) {
      const component = components[name];
      const componentInput = inputs[index] as string;
      const match = execute(component, componentInput);
      if (match === null) return null;
      const groups: Record<string, string | undefined> = {};
      for (const [group, groupName] of component.names.entries()) groups[groupName] = match[group + 1];
      result[name] = { input: componentInput, groups };
    }
    return result;
  }

  get protocol(): string {
    return componentsOf(this, 'protocol').protocol.pattern;
  }

  get username(): string {
    return componentsOf(this, 'username').username.pattern;
  }

  get password(): string {
    return componentsOf(this, 'password').password.pattern;
  }

  get hostname(): string {
    return componentsOf(this, 'hostname').hostname.pattern;
  }

  get port(): string {
    return componentsOf(this, 'port').port.pattern;
  }

  get pathname(): string {
    return componentsOf(this, 'pathname').pathname.pattern;
  }

  get search(): string {
    return componentsOf(this, 'search').search.pattern;
  }

  get hash(): string {
    return componentsOf(this, 'hash').hash.pattern;
  }

  get hasRegExpGroups(): boolean {
    const components = componentsOf(this, 'hasRegExpGroups');
    return URL_PATTERN_COMPONENTS.some((name) => components[name].hasRegExpGroups);
  }
}

defineInterface(URLPattern, 'URLPattern');

defineInspect(
  URLPattern.prototype,
  function (this: URLPattern, depth: number, options: object, inspect: Inspect) {
    const components = componentsOf(this, 'inspect');
    const attributes = URL_PATTERN_COMPONENTS.map((name) => [name, components[name].pattern] as const);
    return inspectAttributes(
      'URLPattern',
      [...attributes, ['hasRegExpGroups', this.hasRegExpGroups]],
      depth,
      options,
      inspect,
    );
  },
);

/**
 * Parsing of configuration values, shared by environment variables and command-line flags. `subject`
 * names where the value came from (`NANO_PORT=abc`, `--port abc`) so the error message points at it.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseInteger(subject: string, text: string, min: number, max: number): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
    throw new ConfigError(`${subject} is not a whole number ${range}`);
  }
  return value;
}

export function parsePort(subject: string, text: string): number {
  return parseInteger(subject, text, 0, 65535);
}

/** Seconds, fractions allowed, returned as milliseconds. */
export function parseSeconds(subject: string, text: string): number {
  const seconds = /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new ConfigError(`${subject} is not a positive number of seconds`);
  }
  return Math.round(seconds * 1000);
}

/** Seconds, fractions allowed, zero allowed (a delay that may be switched off), as milliseconds. */
export function parseSecondsOrZero(subject: string, text: string): number {
  return /^\s*0+(?:\.0+)?\s*$/.test(text) ? 0 : parseSeconds(subject, text);
}

/** A fraction between 0 and 1 (exclusive of 0): `0.8`. */
export function parseFraction(subject: string, text: string): number {
  const value = /^\s*\d*(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 1)) throw new ConfigError(`${subject} is not a fraction above 0 and at most 1`);
  return value;
}

export function parseOneOf<T extends string>(subject: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ConfigError(`${subject} is not one of: ${allowed.join(', ')}`);
  }
  return text as T;
}

/**
 * A path prefix for the built-in endpoints: empty (the root) or `/segment[/segment…]` without a
 * trailing slash, with no characters the router treats specially.
 */
export function parsePathPrefix(subject: string, text: string): string {
  const prefix = text.replace(/\/+$/, '');
  if (prefix !== '' && !/^(?:\/[A-Za-z0-9._~-]+)+$/.test(prefix)) {
    throw new ConfigError(`${subject} is not a path prefix like /_nano`);
  }
  return prefix;
}

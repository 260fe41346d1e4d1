/**
 * Every NANO_* environment variable is read here and nowhere else, so the README's table can be
 * checked against one file. Values are validated when read: a bad value is an error naming the variable.
 */
export type LogFormat = 'json' | 'text' | 'apache';

const LOG_FORMATS: readonly LogFormat[] = ['json', 'text', 'apache'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface NanoEnv {
  port?: number;
  logFormat: LogFormat;
  logLevel: string;
}

function portFrom(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name}=${value} is not a port number (0-65535)`);
  }
  return port;
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name}=${value} is not one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): NanoEnv {
  return {
    port: portFrom('NANO_PORT', env.NANO_PORT),
    logFormat: oneOf('NANO_LOG_FORMAT', env.NANO_LOG_FORMAT, LOG_FORMATS, 'json'),
    logLevel: oneOf(
      'NANO_LOG_LEVEL',
      env.NANO_LOG_LEVEL,
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'],
      'info',
    ),
  };
}

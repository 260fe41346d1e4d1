/**
 * An app's secrets, never logged: the app directory's `.dev.vars` (`.dev.vars.<env>` with `--env`, as
 * wrangler reads them; dotenv syntax), then `NANO_SECRET_<APP>_<NAME>` variables of NANO's own
 * environment, which win. `<APP>` is the app's name in upper case with every other character than
 * A-Z and 0-9 turned into `_` (`my-api` → `MY_API`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_PREFIX = 'NANO_SECRET_';

/** dotenv lines: `NAME=value`, `export NAME=value`, quoted values, `#` comments. */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match === null) continue;
    const [, name, raw] = match as unknown as [string, string, string];
    const quote = raw[0];
    if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.length >= 2) {
      const inner = raw.slice(1, -1);
      values[name] = quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : inner;
    } else {
      values[name] = raw.replace(/\s+#.*$/, '');
    }
  }
  return values;
}

export function secretVariablePrefix(app: string): string {
  return `${SECRET_PREFIX}${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

export function readSecrets(
  dir: string,
  app: string,
  environment: string | undefined,
  processEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const files = environment === undefined ? ['.dev.vars'] : [`.dev.vars.${environment}`, '.dev.vars'];
  const file = files.map((name) => join(dir, name)).find((path) => existsSync(path));
  const secrets = file === undefined ? {} : parseDotenv(readFileSync(file, 'utf8'));
  const prefix = secretVariablePrefix(app);
  for (const [name, value] of Object.entries(processEnv)) {
    if (name.startsWith(prefix) && name.length > prefix.length && value !== undefined) {
      secrets[name.slice(prefix.length)] = value;
    }
  }
  return secrets;
}

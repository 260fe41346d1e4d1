/** NANO's version, as package.json states it (what `nano --version` and the REPL banner show). */
import { readFileSync } from 'node:fs';

export const NANO_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The user agent string, from package.json (read once per process). */
import { readFileSync } from 'node:fs';
import type { HostOps, HostScope } from '../family.ts';
import type { NavigatorOps } from './bridge.ts';

let userAgent: string | undefined;

function readUserAgent(): string {
  const packageJson = new URL('../../package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return `NANO/${version}`;
}

export function navigatorHost(_scope: HostScope): NavigatorOps & HostOps {
  return {
    op_navigator_user_agent: () => {
      userAgent ??= readUserAgent();
      return userAgent;
    },
  };
}

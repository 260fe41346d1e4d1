/**
 * Which app a request is for (pure: no I/O). In order:
 *   1. the app's `routes` patterns (wrangler's `example.com/*`, `*.example.com/api/*`, or a bare host
 *      for a custom domain), the longest matching pattern first, as Workers prefers the most specific;
 *   2. the Host's first label naming an app: `<app>.<any domain>` (`shop.localhost`, `shop.example.com`);
 *   3. a path prefix `/<app>/` (or exactly `/<app>`): the prefix is stripped, so the app sees the paths
 *      it would see on its own host (`/shop/cart?x` → `/cart?x`, `/shop` → `/`).
 * `--route-by host` uses 1–2, `path` uses 3, `both` (the default) tries all three. One `--app` needs no
 * routing: every request goes to it, unchanged.
 */

export type RouteBy = 'host' | 'path' | 'both';

export const ROUTE_BY: readonly RouteBy[] = ['host', 'path', 'both'];

export interface RoutableApp {
  name: string;
  routes?: readonly string[];
}

export interface RouteMatch {
  app: string;
  /** The request URL the app sees (the path prefix stripped for path routing). */
  url: string;
}

interface Pattern {
  app: string;
  host: RegExp;
  /** `undefined`: any path (a custom domain). */
  path: RegExp | undefined;
  length: number;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** `https://shop.example.com/api/*` → host `shop.example.com`, path `/api/*`. */
function compilePattern(app: string, pattern: string): Pattern {
  const withoutScheme = pattern.replace(/^[a-z]+:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  const host = (slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
  const path = slash === -1 ? undefined : withoutScheme.slice(slash);
  return {
    app,
    host: globToRegExp(host),
    path: path === undefined ? undefined : globToRegExp(path),
    length: withoutScheme.length,
  };
}

/** `http://host:port/path?query` → lower-case host without the port, and the target. */
function splitUrl(url: string): { host: string; target: string } {
  const start = url.indexOf('//') + 2;
  const slash = url.indexOf('/', start);
  const authority = slash === -1 ? url.slice(start) : url.slice(start, slash);
  const target = slash === -1 ? '/' : url.slice(slash);
  const host = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.replace(/:\d*$/, '');
  return { host: host.toLowerCase(), target };
}

export class Router {
  readonly #byName = new Map<string, string>();
  readonly #patterns: Pattern[];
  readonly #routeBy: RouteBy;
  readonly #single: string | undefined;

  /** `single`: the one app of `--app`, which gets every request. */
  constructor(apps: readonly RoutableApp[], routeBy: RouteBy, single?: string) {
    this.#routeBy = routeBy;
    this.#single = single;
    for (const app of apps) this.#byName.set(app.name.toLowerCase(), app.name);
    this.#patterns = apps
      .flatMap((app) => (app.routes ?? []).map((pattern) => compilePattern(app.name, pattern)))
      .sort((a, b) => b.length - a.length);
  }

  match(url: string): RouteMatch | undefined {
    if (this.#single !== undefined) return { app: this.#single, url };
    const { host, target } = splitUrl(url);
    if (this.#routeBy !== 'path') {
      const byHost = this.#matchHost(host, target);
      if (byHost !== undefined) return { app: byHost, url };
    }
    if (this.#routeBy !== 'host') return this.#matchPath(url, target);
    return undefined;
  }

  #matchHost(host: string, target: string): string | undefined {
    const path = target.replace(/[?#].*$/, '');
    for (const pattern of this.#patterns) {
      if (pattern.host.test(host) && (pattern.path === undefined || pattern.path.test(path)))
        return pattern.app;
    }
    const dot = host.indexOf('.');
    return dot > 0 ? this.#byName.get(host.slice(0, dot)) : undefined;
  }

  #matchPath(url: string, target: string): RouteMatch | undefined {
    const end = target.slice(1).search(/[/?#]/);
    const segment = end === -1 ? target.slice(1) : target.slice(1, end + 1);
    const app = this.#byName.get(decodeSegment(segment).toLowerCase());
    if (app === undefined) return undefined;
    const rest = target.slice(segment.length + 1);
    const stripped = rest.startsWith('/') ? rest : `/${rest}`;
    return { app, url: url.slice(0, url.length - target.length) + stripped };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * How console.log shows the url family's objects, as Node does (`URL { href: '…', … }`): through
 * `util.inspect.custom`, which NANO's console honours, since their state lives in private fields.
 */

export const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

export type Inspect = (value: unknown, options?: object) => string;

/** `Name { attribute: value, … }` with each value inspected one level deeper. */
export function inspectAttributes(
  name: string,
  attributes: readonly (readonly [string, unknown])[],
  depth: number,
  options: object,
  inspect: Inspect,
): string {
  if (depth < 0) return `[${name}]`;
  const nested = { ...options, depth: depth - 1 };
  const shown = attributes.map(([key, value]) => `${key}: ${inspect(value, nested)}`);
  return `${name} {\n  ${shown.join(',\n  ')}\n}`;
}

/** Adds the inspection hook to a prototype (non-enumerable, like Node's). */
export function defineInspect(
  prototype: object,
  hook: (this: never, depth: number, options: object, inspect: Inspect) => string,
): void {
  Object.defineProperty(prototype, inspectSymbol, { value: hook, writable: true, configurable: true });
}

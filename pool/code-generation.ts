/**
 * Refusing code generation from strings inside an app's isolate, as Workers does: `eval(…)`,
 * `new Function(…)` and the constructors of async, generator and async generator functions throw
 * V8's own `EvalError`. V8 has a per-context switch for this (`Context::AllowCodeGenerationFromStrings`)
 * that isolated-vm does not expose, and the process-wide flag `--disallow-code-generation-from-strings`
 * does not reach contexts isolated-vm creates (measured on Node 24 / isolated-vm 7.0.1), so NANO
 * replaces the four constructors and `eval` once its own bootstrap has run (NANO's isolate code never
 * generates code from strings afterwards).
 *
 * Each replacement keeps the original's `prototype`, so `instanceof Function` and friends still hold,
 * and becomes that prototype's `constructor`, the one route from an ordinary function to its
 * constructor (`(function () {}).constructor`). Nothing keeps a reference to an original once the script
 * returns. What this does not cover: `WebAssembly.compile`/`instantiate` of bytes (SECURITY.md).
 */
export const REFUSAL_MESSAGE = 'Code generation from strings disallowed for this context';

export const REFUSE_CODE_GENERATION = `(() => {
  'use strict';
  const message = ${JSON.stringify(REFUSAL_MESSAGE)};
  const refusing = (name, length) => {
    const refuse = { [name]: function () { throw new EvalError(message); } }[name];
    Object.defineProperty(refuse, 'length', { value: length });
    return refuse;
  };
  const constructors = [
    [Function, 'Function'],
    [Object.getPrototypeOf(async function () {}).constructor, 'AsyncFunction'],
    [Object.getPrototypeOf(function* () {}).constructor, 'GeneratorFunction'],
    [Object.getPrototypeOf(async function* () {}).constructor, 'AsyncGeneratorFunction'],
  ];
  for (const [original, name] of constructors) {
    const replacement = refusing(name, 1);
    Object.defineProperty(replacement, 'prototype', { value: original.prototype });
    const link = Object.getOwnPropertyDescriptor(original.prototype, 'constructor');
    Object.defineProperty(original.prototype, 'constructor', { ...link, value: replacement });
    if (name === 'Function') {
      Object.defineProperty(globalThis, 'Function', { value: replacement, writable: true, configurable: true });
    }
  }
  Object.defineProperty(globalThis, 'eval', { value: refusing('eval', 1), writable: true, configurable: true });
})();`;

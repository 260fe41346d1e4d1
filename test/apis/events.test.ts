import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test('Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent, the global scope', async (t) => {
  const checks = await runScriptChecks(t, 'events.js');
  t.ok(checks >= 60, `ran ${checks} checks`);
});

t.test('error and unhandledrejection listeners that call preventDefault handle them: exit 0', async (t) => {
  const dir = scratchDir({
    'handled.js': `
addEventListener('error', (event) => {
  console.log('error', event.message, event.error instanceof Error, event.isTrusted);
  event.preventDefault();
});
addEventListener('unhandledrejection', (event) => {
  const { reason, promise } = event;
  const shown = reason instanceof Error ? reason.constructor.name + ' ' + reason.name + ' ' + reason.message : reason;
  console.log('rejection', shown, promise instanceof Promise, event.isTrusted, event.cancelable);
  event.preventDefault();
});
setTimeout(() => { throw new Error('in a timer'); }, 1);
setTimeout(() => queueMicrotask(() => { throw new RangeError('in a microtask'); }), 2);
setTimeout(() => reportError('reported'), 3);
setTimeout(async () => { throw new TypeError('async timer'); }, 4);
setTimeout(() => Promise.reject(42), 5);
setTimeout(() => Promise.reject(new DOMException('gone', 'AbortError')), 6);
setTimeout(() => console.log('still running'), 7);
`,
  });
  const result = await nano(['run', join(dir, 'handled.js')]);
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stderr, '');
  t.equal(
    result.stdout,
    [
      'error Uncaught Error: in a timer true true',
      'error Uncaught RangeError: in a microtask true true',
      'error Uncaught reported false true',
      'rejection TypeError TypeError async timer true true true',
      'rejection 42 true true true',
      'rejection DOMException AbortError gone true true true',
      'still running',
      '',
    ].join('\n'),
  );
});

t.test('an error event nobody cancels is printed and fails the run', async (t) => {
  const dir = scratchDir({
    'unhandled.js': `
addEventListener('error', (event) => console.log('saw', event.message));
setTimeout(() => { throw new Error('not handled'); }, 1);
`,
  });
  const result = await nano(['run', join(dir, 'unhandled.js')]);
  t.equal(result.code, 1);
  t.equal(result.stdout, 'saw Uncaught Error: not handled\n');
  t.match(result.stderr, /^Uncaught Error: not handled/);
});

t.test('an unhandledrejection event nobody cancels is printed and fails the run', async (t) => {
  const dir = scratchDir({
    'rejected.mjs': `
addEventListener('unhandledrejection', (event) => console.log('saw', event.reason.message));
setTimeout(async () => { throw new RangeError('late'); }, 1);
`,
  });
  const result = await nano(['run', join(dir, 'rejected.mjs')]);
  t.equal(result.code, 1);
  t.equal(result.stdout, 'saw late\n');
  t.match(result.stderr, /^Uncaught \(in promise\) RangeError: late/);
  t.match(result.stderr, `${join(dir, 'rejected.mjs')}:3:`);
});

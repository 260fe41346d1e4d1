/**
 * The host key tables: handles are per isolate (two isolates in one thread each get handle 1 for their
 * first key, and each resolves to its own isolate's key), and entries of collected keys are released.
 * Runs real sandboxes (the engine `nano run` and apps use).
 */
import { createHmac } from 'node:crypto';
import t from 'tap';
import { KeyTable } from '../../apis/crypto/host-keys.ts';
import { Sandbox } from '../../pool/sandbox.ts';

const SIGN_WITH_KEY = `
const key = await crypto.subtle.importKey('raw', new Uint8Array(32).fill(FILL), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
globalThis.key = key;
const signature = await crypto.subtle.sign('HMAC', key, new Uint8Array([1, 2, 3]));
console.log([...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join(''));
`;

const SIGN_AGAIN = `
const signature = await crypto.subtle.sign('HMAC', globalThis.key, new Uint8Array([1, 2, 3]));
console.log([...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join(''));
`;

function expectedSignature(fill: number): string {
  return createHmac('sha256', Buffer.alloc(32, fill))
    .update(Buffer.from([1, 2, 3]))
    .digest('hex');
}

function sandboxWithOutput(): { sandbox: Sandbox; lines: string[]; failures: string[] } {
  const lines: string[] = [];
  const failures: string[] = [];
  const sandbox = new Sandbox({
    console: { write: (_level, text) => lines.push(text) },
    onFailure: (failure) => failures.push(failure.text),
  });
  return { sandbox, lines, failures };
}

async function run(sandbox: Sandbox, source: string, name: string): Promise<void> {
  sandbox.runSource(source, `file:///${name}.mjs`, true);
  await sandbox.loop.whenIdle();
}

t.test('each isolate resolves its handles in its own key table', async (t) => {
  const first = sandboxWithOutput();
  const second = sandboxWithOutput();
  t.teardown(() => {
    first.sandbox.dispose();
    second.sandbox.dispose();
  });
  await run(first.sandbox, SIGN_WITH_KEY.replace('FILL', '1'), 'first');
  await run(second.sandbox, SIGN_WITH_KEY.replace('FILL', '2'), 'second');
  t.same(first.lines, [expectedSignature(1)], 'the first isolate signs with its key');
  t.same(second.lines, [expectedSignature(2)], 'the second isolate (same handle number) signs with its own');

  first.sandbox.dispose();
  await run(second.sandbox, SIGN_AGAIN, 'second-again');
  t.same(second.lines.at(-1), expectedSignature(2), "disposing another isolate leaves this one's keys");
  t.same([...first.failures, ...second.failures], [], 'no failures');
});

t.test('host entries of garbage-collected keys are released', async (t) => {
  const released: number[] = [];
  const release = KeyTable.prototype.release;
  KeyTable.prototype.release = function (this: KeyTable, handle: number) {
    released.push(handle);
    release.call(this, handle);
  };
  const { sandbox, lines, failures } = sandboxWithOutput();
  t.teardown(() => {
    KeyTable.prototype.release = release;
    sandbox.dispose();
  });
  // 5,000 keys that nobody keeps. V8 clears WeakRefs in full collections only, which old-space growth
  // brings: 40 MB held across the loop make sure some run.
  await run(
    sandbox,
    `
    const kept = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);
    const held = [];
    for (let i = 0; i < 5000; i++) {
      await crypto.subtle.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      if (i % 10 === 0) held.push(new Array(10_000).fill(i));
    }
    const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, kept, new Uint8Array(4));
    console.log(ciphertext.byteLength);
    `,
    'collected',
  );
  t.same(failures, [], 'no failures');
  t.same(lines, ['20'], 'a key still referenced keeps working');
  t.ok(released.length > 1000, `released ${released.length} of 5,000 dropped keys`);
  t.notOk(released.includes(1), 'the key still referenced (handle 1) was not released');
});

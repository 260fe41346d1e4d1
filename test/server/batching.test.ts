/**
 * Dispatch batching (pool/batch.ts): requests that arrive together leave for the threads as one task
 * per thread, and answers come back in batches too. Each request must still get its own response:
 * in batches mixing immediate answers, answers after a timer (sent early, apart from their batch) and
 * handler failures, and across both threads.
 */
import t from 'tap';
import { appPath, startServer } from './serve-helpers.ts';

t.test('every request of a batch gets its own response', async (t) => {
  const server = await startServer(['--app', appPath('batching.js'), '--threads', '2']);
  t.teardown(() => server.stop('SIGKILL'));

  const kinds = ['', '?wait=30', '', '?throw', '', '?wait=5'];
  const requests = Array.from({ length: 300 }, (_, id) => {
    const kind = kinds[id % kinds.length] as string;
    return server.text(`/n/${id}${kind}`).then((response) => ({ id, kind, ...response }));
  });
  const responses = await Promise.all(requests);
  const wrong = responses.filter(({ id, kind, status, body, headers }) =>
    kind === '?throw'
      ? status !== 500
      : status !== 200 || body !== `id ${id}` || headers.get('x-id') !== String(id),
  );
  t.same(
    wrong.map(({ id, status, body }) => ({ id, status, body })),
    [],
    'no response went to another request',
  );

  // A second wave after the first drained: the pool keeps working after early answers and failures.
  const again = await Promise.all(Array.from({ length: 50 }, (_, id) => server.text(`/n/${id}`)));
  t.ok(
    again.every(({ status, body }, id) => status === 200 && body === `id ${id}`),
    'a later wave is answered too',
  );
  t.same(await server.stop('SIGTERM'), { code: 0, signal: null });
});

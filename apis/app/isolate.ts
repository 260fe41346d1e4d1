/**
 * A tenant's request handler inside its isolate. Three ways to register one (README "Handler formats"):
 * an ES module's `export default { fetch(request, env, ctx) }`, the service worker's
 * `addEventListener('fetch', …)`, and the seed's `__setDefault({ fetch })`. The host loads the app, then
 * calls `app_dispatch` per request; the answer goes back through `op_app_respond` or `op_app_fail`.
 */
import { inspect } from '../console/isolate-inspect.ts';
import { requestFromHost, responseToHost, streamedResponseToHost } from '../fetch/isolate-host-bridge.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import {
  CONFIGURE_ENTRY,
  DISPATCH_ENTRY,
  type HandlerFormat,
  MODULE_HOOK_GLOBAL,
  PREPARE_MODULE_ENTRY,
  SCRIPT_LOADED_ENTRY,
} from './bridge.ts';
import { ExecutionContext, waitUntilFor } from './isolate-execution-context.ts';
import { FetchEvent, hasFetchListeners } from './isolate-fetch-event.ts';
import { installResponseStreams } from './isolate-response-stream.ts';
import { installScheduled, noFetchHandler } from './isolate-scheduled.ts';

type Invoke = (request: unknown, ctx: ExecutionContext) => unknown;

type Found = { format: HandlerFormat; invoke: Invoke } | { format: null; problem: string };

/** What a service-worker dispatch yields when no listener called `respondWith()`. */
const NO_RESPONSE = Symbol('no response');

const EXPECTED =
  'a handler: export default { fetch(request, env, ctx) }, addEventListener("fetch", …) or __setDefault({ fetch })';

/** Text for the log; a value whose inspection itself throws still gets a line. */
function describeThrown(error: unknown): string {
  try {
    return inspect(error);
  } catch {
    return 'an exception that could not be inspected';
  }
}

function fetchMethodOf(value: unknown): ((...args: unknown[]) => unknown) | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const method = (value as { fetch?: unknown }).fetch;
  return typeof method === 'function' ? (method as (...args: unknown[]) => unknown) : undefined;
}

export function install(scope: IsolateScope): void {
  const { ops } = scope;
  /** The app's bindings: its vars and secrets, given once by `app_configure` before the app loads. */
  let env: Record<string, unknown> = {};
  const waitUntil = waitUntilFor(ops, 'ExecutionContext');
  const eventWaitUntil = waitUntilFor(ops, 'FetchEvent');
  const scheduled = installScheduled(scope, () => env);
  const sendStreamed = installResponseStreams(scope, describeThrown);
  let registered: unknown;
  let invoke: Invoke | undefined;

  scope.defineGlobal('__setDefault', function __setDefault(handler: unknown) {
    registered = handler;
  });

  function findHandler(namespace: Record<string, unknown> | undefined): Found {
    if (namespace !== undefined && 'default' in namespace) {
      const exported = namespace.default;
      const fetch = fetchMethodOf(exported);
      if (fetch)
        return { format: 'module', invoke: (request, ctx) => fetch.call(exported, request, env, ctx) };
    }
    if (registered !== undefined) {
      const handler = registered;
      const fetch = fetchMethodOf(handler);
      if (!fetch)
        return { format: null, problem: '__setDefault() was given an object without a fetch method' };
      return { format: 'set-default', invoke: (request, ctx) => fetch.call(handler, request, env, ctx) };
    }
    if (hasFetchListeners()) {
      return {
        format: 'service-worker',
        invoke: (request) => FetchEvent.dispatch(request, eventWaitUntil) ?? NO_RESPONSE,
      };
    }
    if (scheduled.available()) {
      return { format: namespace === undefined ? 'service-worker' : 'module', invoke: noFetchHandler };
    }
    if (namespace !== undefined && 'default' in namespace) {
      return { format: null, problem: `its default export has no fetch method; expected ${EXPECTED}` };
    }
    return { format: null, problem: `it registers no fetch handler; expected ${EXPECTED}` };
  }

  function settleLoading(namespace: Record<string, unknown> | undefined): void {
    scheduled.setExportedHandler(
      namespace !== undefined && 'default' in namespace ? namespace.default : registered,
    );
    const found = findHandler(namespace);
    if (found.format === null) {
      ops.op_app_loaded(null, found.problem);
      return;
    }
    invoke = found.invoke;
    ops.op_app_loaded(found.format, '');
  }

  function respond(requestId: number, value: unknown): void {
    const streamed = streamedResponseToHost(value);
    if (streamed !== null) {
      sendStreamed(requestId, streamed);
      return;
    }
    responseToHost(value).then(
      (response) =>
        ops.op_app_respond(requestId, response.status, response.statusText, response.headers, response.body),
      (error: unknown) =>
        ops.op_app_fail(
          requestId,
          'invalid-response',
          error instanceof TypeError ? error.message : describeThrown(error),
        ),
    );
  }

  scope.defineEntry(PREPARE_MODULE_ENTRY, () => {
    scope.defineGlobal(MODULE_HOOK_GLOBAL, function moduleLoaded(namespace: Record<string, unknown>) {
      delete (globalThis as Record<string, unknown>)[MODULE_HOOK_GLOBAL];
      settleLoading(namespace);
    });
  });

  scope.defineEntry(SCRIPT_LOADED_ENTRY, () => settleLoading(undefined));

  scope.defineEntry(CONFIGURE_ENTRY, (given: Record<string, unknown>) => {
    env = given;
  });

  scope.defineEntry(
    DISPATCH_ENTRY,
    (requestId: number, method: string, url: string, headers: string[], body: ArrayBuffer | null) => {
      if (!invoke) {
        ops.op_app_fail(requestId, 'no-response', 'The app has not finished loading');
        return;
      }
      let request: unknown;
      try {
        request = requestFromHost({ method, url, headers, body });
      } catch (error) {
        ops.op_app_fail(requestId, 'bad-request', describeThrown(error));
        return;
      }
      let result: unknown;
      try {
        result = invoke(request, new ExecutionContext(waitUntil));
      } catch (error) {
        ops.op_app_fail(requestId, 'exception', describeThrown(error));
        return;
      }
      if (result === NO_RESPONSE) {
        ops.op_app_fail(requestId, 'no-response', 'No fetch event listener called respondWith()');
        return;
      }
      Promise.resolve(result).then(
        (value) => respond(requestId, value),
        (error: unknown) => ops.op_app_fail(requestId, 'exception', describeThrown(error)),
      );
    },
  );
}

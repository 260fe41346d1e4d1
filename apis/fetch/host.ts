/**
 * The fetch family's host half: each `op_fetch_start` becomes a subrequest on Node's HTTP client
 * (host-exchange.ts) once its request's budget allows it (host-budget.ts), through agents that apply
 * the address policy at connect time (host-connect.ts).
 */
import type { HostOps, HostScope } from '../family.ts';
import { settleHostOperation } from '../runtime/host.ts';
import type { FetchedHead, FetchOps } from './bridge.ts';
import { SubrequestBudget } from './host-budget.ts';
import { Exchange } from './host-exchange.ts';
import { outboundSettings } from './host-settings.ts';

interface Subrequest {
  exchange: Exchange | undefined;
  /** Resolves once the subrequest has a connection slot and its exchange exists. */
  ready: Promise<Exchange>;
  cancel(): void;
}

function gone(): TypeError {
  return new TypeError('fetch failed: the subrequest is over (cancelled, failed or fully read)');
}

export function fetchHost(scope: HostScope): FetchOps & HostOps {
  const budgets = new WeakMap<object, SubrequestBudget>();
  let unattributed: SubrequestBudget | undefined;
  const subrequests = new Map<number, Subrequest>();

  /** The budget of the request the running entry serves (see host-budget.ts). */
  function currentBudget(): SubrequestBudget {
    const { maxSubrequests, maxConnections } = outboundSettings();
    const charge = scope.loop.currentCharge;
    if (charge === undefined) {
      unattributed ??= new SubrequestBudget(maxSubrequests, maxConnections);
      return unattributed;
    }
    let budget = budgets.get(charge);
    if (budget === undefined) {
      budget = new SubrequestBudget(maxSubrequests, maxConnections);
      budgets.set(charge, budget);
    }
    return budget;
  }

  function start(
    id: number,
    budget: SubrequestBudget,
    init: { method: string; url: URL; headers: string[]; body: Uint8Array | null | undefined },
  ): Promise<FetchedHead> {
    const { subrequestTimeoutMs } = outboundSettings();
    const slot = budget.openSlot();
    const { promise: cancelled, reject: cancel } = Promise.withResolvers<never>();
    const waited = setTimeout(() => {
      if (slot.withdraw()) {
        cancel(
          new TypeError(
            `fetch failed: no connection slot for ${subrequestTimeoutMs / 1000} s (this request already has ${outboundSettings().maxConnections} subrequests open; read or cancel their bodies)`,
          ),
        );
      }
    }, subrequestTimeoutMs);
    const ready = Promise.race([slot.granted, cancelled]).then((release) => {
      clearTimeout(waited);
      const exchange = new Exchange({
        method: init.method,
        url: init.url,
        headers: init.headers,
        timeoutMs: subrequestTimeoutMs,
        onClose: release,
      });
      subrequest.exchange = exchange;
      return exchange;
    });
    const subrequest: Subrequest = {
      exchange: undefined,
      ready,
      cancel: () => {
        if (slot.withdraw()) cancel(new TypeError('fetch failed: the subrequest was cancelled'));
        subrequest.exchange?.cancel();
        subrequests.delete(id);
      },
    };
    subrequests.set(id, subrequest);
    const head = ready.then((exchange) => exchange.start(init.body));
    head.then(
      (value) => {
        if (!value.hasBody) subrequests.delete(id);
      },
      () => {
        clearTimeout(waited);
        subrequests.delete(id);
      },
    );
    return head;
  }

  scope.onDispose(() => {
    for (const subrequest of subrequests.values()) subrequest.cancel();
    subrequests.clear();
  });

  return {
    op_fetch_start(id, method, url, headers, body, streamed) {
      const budget = currentBudget();
      if (!budget.take()) {
        const error = new TypeError(
          `Too many subrequests. A request may make ${budget.limit} (--max-subrequests); redirects count too.`,
        );
        settleHostOperation(scope, id, Promise.reject(error));
        return;
      }
      const parsed = new URL(url);
      const init = {
        method,
        url: parsed,
        headers,
        body: streamed ? undefined : body === null ? null : new Uint8Array(body),
      };
      settleHostOperation(scope, id, start(id, budget, init));
    },
    op_fetch_upload(id, exchange, chunk) {
      const target = subrequests.get(exchange)?.ready;
      const bytes = chunk === null ? null : new Uint8Array(chunk);
      const work =
        target === undefined ? Promise.reject(gone()) : target.then((ready) => ready.upload(bytes));
      settleHostOperation(scope, id, work);
    },
    op_fetch_read(id, exchange) {
      const target = subrequests.get(exchange)?.exchange;
      const work = target === undefined ? Promise.reject(gone()) : target.read();
      work.then(
        (chunk) => {
          if (chunk === null) subrequests.delete(exchange);
        },
        () => subrequests.delete(exchange),
      );
      settleHostOperation(scope, id, work);
    },
    op_fetch_cancel(exchange) {
      subrequests.get(exchange)?.cancel();
    },
  };
}

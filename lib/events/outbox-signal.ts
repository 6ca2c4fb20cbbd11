import "server-only";

// emit() queues webhook deliveries in the caller's transaction, below the layer that sends them
// (lib/webhooks). It only raises this signal; the dispatcher, when the process runs one, listens
// and drains the queue once the response has gone (the transaction has committed by then). A
// missed signal costs latency, never a delivery: the dispatcher's timer and the cron route
// drain whatever is due.
//
// The listener lives on globalThis, not in this module: a production build gives
// instrumentation.ts (which starts the dispatcher) and the routes their own copies of the
// module, so a module variable set by one is never seen by the other.

type Listener = () => void;
const KEY = Symbol.for("keystone.webhooks.outboxListener");
const slot = globalThis as typeof globalThis & { [KEY]?: Listener };

export function onOutboxWrite(next: Listener): void {
  slot[KEY] = next;
}

export function signalOutboxWrite(): void {
  slot[KEY]?.();
}

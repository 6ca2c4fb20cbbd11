import "server-only";

// emit() queues webhook deliveries in the caller's transaction, below the layer that sends them
// (lib/webhooks). It only raises this signal; the dispatcher, when the process runs one, listens
// and drains the queue once the response has gone (the transaction has committed by then). A
// missed signal costs latency, never a delivery: the dispatcher's timer and the cron route
// drain whatever is due.

type Listener = () => void;
let listener: Listener | undefined;

export function onOutboxWrite(next: Listener): void {
  listener = next;
}

export function signalOutboxWrite(): void {
  listener?.();
}

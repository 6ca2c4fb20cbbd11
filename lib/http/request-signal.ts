import { AsyncLocalStorage } from "node:async_hooks";

// The abort signal of the request being served, for work deep below the route that is worth
// dropping once nobody waits for its answer: a password hash queued behind a sign-in flood
// (lib/auth/hash-pool.ts). Next aborts a route's `request.signal` when the client disconnects
// before the response is complete; the route wrapper and the Auth.js route hand it down here
// instead of through every function between the route and the hash.

const store = new AsyncLocalStorage<AbortSignal>();

/** Runs `task` with `signal` as the current request's signal. */
export const withRequestSignal = <T>(signal: AbortSignal, task: () => T): T => store.run(signal, task);

/** The current request's signal; undefined outside a route (server actions, scripts, tests). */
export const requestSignal = (): AbortSignal | undefined => store.getStore();

// What the launcher (scripts/start.ts) knows and the app cannot learn from a request: the socket a
// request arrived on. The launcher runs in the same process as Next and serves each request inside
// an AsyncLocalStorage holding that socket's address, shared through a global symbol (the launcher
// and the app's bundle load this file separately). No header carries it, so no client can forge it.
// No "server-only" here: the launcher imports this file outside Next.
import { AsyncLocalStorage } from "node:async_hooks";
import { isIP } from "node:net";

export interface LauncherConnection {
  /** The peer address of the TCP connection, as the launcher's HTTP server saw it. */
  remoteAddress: string | undefined;
  /** The request came with X-Forwarded-For, Forwarded or X-Real-IP: something relayed it. */
  relayed: boolean;
}

const KEY = Symbol.for("keystone-auth.launcher-connections");
type Holder = { [KEY]?: AsyncLocalStorage<LauncherConnection> };

/** Called by the launcher before Next loads; returns the store it serves requests in. */
export function installLauncherConnections(): AsyncLocalStorage<LauncherConnection> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new AsyncLocalStorage<LauncherConnection>();
  return holder[KEY];
}

/** True when this process serves HTTP through the launcher (which rewrites X-Forwarded-For). */
export const servedByLauncher = () => (globalThis as Holder)[KEY] !== undefined;

/** The connection of the request being handled, or undefined outside the launcher. */
export const launcherConnection = () => (globalThis as Holder)[KEY]?.getStore();

const RELAY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];
export const connectionOf = (socketAddress: string | undefined, headers: Record<string, unknown>): LauncherConnection => ({
  remoteAddress: socketAddress,
  relayed: RELAY_HEADERS.some((h) => headers[h] !== undefined),
});

/** 127.0.0.0/8, ::1, and IPv4-mapped IPv6 forms of 127.0.0.0/8 (how a dual-stack socket reports them). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const unmapped = address.toLowerCase().replace(/^::ffff:/, "");
  if (isIP(unmapped) === 4) return unmapped.startsWith("127.");
  // The URL parser writes an IPv6 address in its one canonical form (0:0:0:0:0:0:0:1 → ::1).
  return isIP(address) === 6 && new URL(`http://[${address}]/`).hostname === "[::1]";
}

/**
 * A client on this machine, talking to the launcher directly: the socket is loopback and nothing
 * relayed the request (a local reverse proxy or tunnel would make every visitor look local).
 */
export function isDirectLocalClient(connection = launcherConnection()): boolean {
  return connection !== undefined && !connection.relayed && isLoopbackAddress(connection.remoteAddress);
}

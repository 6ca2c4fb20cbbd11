import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { describeForbiddenReason, forbiddenAddressReason } from "./address";

// Where a webhook delivery may connect, enforced at the moment it connects. The address rule
// is judged on the address actually dialled: the name is resolved once, inside the socket's own
// lookup, every answer is judged, and the socket connects to those very answers, so a DNS record
// that changes between a check and the connection (rebinding) cannot slip a private address in.

/** Resolves a name the way net's `lookup` option does; tests inject one (it is called with all: true). */
export type WebhookLookup = LookupFunction;

/** A refusal of the address rule; its message is safe to show to the organization admin. */
export class ForbiddenAddressError extends Error {
  readonly code = "WEBHOOK_FORBIDDEN_ADDRESS";
}

/**
 * "127.0.0.1 is a loopback address" for an address the admin typed; "example.com resolves to a
 * private address" for a name: the address it resolved to is not echoed, so the form cannot be
 * used to map the names of our own network to their addresses.
 */
export function forbiddenMessage(address: string, reason: string, via?: { host?: string; connected?: boolean }): string {
  const what = describeForbiddenReason(reason);
  if (via?.connected) return `connected to ${what}`;
  if (via) return `${via.host ? `${via.host} ` : ""}resolves to ${what}`;
  return `${address} is ${what}`;
}

export interface Target {
  url: URL;
  /** The host as net.connect wants it: an IPv6 literal without its brackets. */
  host: string;
}

/**
 * The URL rules that need no network: http(s) only (https when required), no user name or
 * password, and an IP-literal host judged here because net.connect never calls `lookup` for one.
 * WHATWG URL parsing has already turned 2130706433, 0x7f.1, 127.1 and 0177.0.0.1 into 127.0.0.1
 * and [::ffff:127.0.0.1] into [::ffff:7f00:1], so only canonical spellings reach the check.
 */
export function parseTarget(raw: string, options: { allowPrivate: boolean; requireHttps: boolean }): Target | { reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { reason: "is not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { reason: "must be an http or https URL" };
  if (url.protocol === "http:" && options.requireHttps) return { reason: "must use https" };
  // Credentials in the URL would be sent as Basic auth and shown wherever the URL is listed.
  if (url.username || url.password) return { reason: "may not contain a user name or password" };
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (!host) return { reason: "has no host" };
  if (!options.allowPrivate && isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) return { reason: forbiddenMessage(host, reason) };
  }
  return { url, host };
}

type Address = { address: string; family: number };
/** At least one address: an empty answer is reported as ENODATA. */
type Resolved = { error: NodeJS.ErrnoException } | { addresses: [Address, ...Address[]] };

/** Every address a name resolves to (never throws: errors come back through the callback). */
export function resolveAll(lookup: WebhookLookup, host: string, callback: (resolved: Resolved) => void) {
  try {
    lookup(host, { all: true }, (error, address, family) => {
      if (error) return callback({ error });
      const [first, ...rest] = typeof address === "string" ? [{ address, family: family ?? isIP(address) }] : address;
      if (!first) return callback({ error: Object.assign(new Error(`no address for ${host}`), { code: "ENODATA" }) });
      callback({ addresses: [first, ...rest] });
    });
  } catch (error) {
    callback({ error: error as NodeJS.ErrnoException });
  }
}

/** The socket's `lookup`: refuses the connection when any answer is forbidden, else connects to those answers. */
function guardedLookup(allowPrivate: boolean, lookup: WebhookLookup): LookupFunction {
  return (host, options, callback) => {
    resolveAll(lookup, host, (resolved) => {
      if ("error" in resolved) return callback(resolved.error, "", 0);
      const { addresses } = resolved;
      if (!allowPrivate) {
        // One bad answer refuses them all: otherwise an attacker's name lists a public address
        // next to a private one and waits for happy eyeballs or a retry to pick the private one.
        for (const { address } of addresses) {
          const reason = forbiddenAddressReason(address);
          if (reason) return callback(new ForbiddenAddressError(forbiddenMessage(address, reason, { host })), "", 0);
        }
      }
      // net asks with all: true when it may try several addresses (autoSelectFamily), else for one.
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Defence in depth: the peer a new socket reached, judged before any byte is written to it. */
function refuseForbiddenPeer(socket: Socket) {
  socket.prependOnceListener("connect", () => {
    const address = socket.remoteAddress ?? "";
    const reason = forbiddenAddressReason(address);
    if (reason) socket.destroy(new ForbiddenAddressError(forbiddenMessage(address, reason, { connected: true })));
  });
}

interface Agents {
  "http:": http.Agent;
  "https:": https.Agent;
}

function createAgents(allowPrivate: boolean, lookup: WebhookLookup): Agents {
  const options = {
    keepAlive: true,
    // Agent options override request options, so no request can bring its own lookup.
    lookup: guardedLookup(allowPrivate, lookup),
    // Idle sockets close before the common 5 s server keep-alive does, so a reused socket is
    // rarely one the server is closing at the same moment.
    timeout: 4_000,
    maxFreeSockets: 256,
    scheduling: "lifo" as const,
  };
  const agents: Agents = { "http:": new http.Agent(options), "https:": new https.Agent(options) };
  if (!allowPrivate) {
    for (const agent of Object.values(agents) as http.Agent[]) {
      // createConnection is net.createConnection (http) or the tls.connect wrapper (https); the
      // TLS socket emits "connect" when its TCP connection opens, before the handshake.
      const create = agent.createConnection.bind(agent) as (...args: unknown[]) => Socket | undefined;
      agent.createConnection = ((...args: unknown[]) => {
        const socket = create(...args);
        if (socket) refuseForbiddenPeer(socket);
        return socket;
      }) as typeof agent.createConnection;
    }
  }
  return agents;
}

const defaultLookup: WebhookLookup = (host, options, callback) => dns.lookup(host, options, callback);

// One pool per allowPrivate mode, so a socket checked under the lenient rule is never handed to
// a delivery under the strict one; injected lookups (tests) get pools of their own as well.
const defaultAgents = { strict: createAgents(false, defaultLookup), lenient: createAgents(true, defaultLookup) };
const injectedAgents = new WeakMap<WebhookLookup, { strict: Agents; lenient: Agents }>();

export function agentFor(protocol: "http:" | "https:", allowPrivate: boolean, lookup?: WebhookLookup): http.Agent {
  let pools = defaultAgents;
  if (lookup) {
    pools = injectedAgents.get(lookup) ?? { strict: createAgents(false, lookup), lenient: createAgents(true, lookup) };
    injectedAgents.set(lookup, pools);
  }
  return (allowPrivate ? pools.lenient : pools.strict)[protocol];
}

export { defaultLookup };

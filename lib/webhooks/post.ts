import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import {
  agentFor,
  defaultLookup,
  ForbiddenAddressError,
  forbiddenMessage,
  parseTarget,
  resolveAll,
  type Target,
  type WebhookLookup,
} from "./dial";
import { forbiddenAddressReason } from "./address";

// The one outbound HTTP POST a webhook delivery makes. The URL is an organization admin's
// choice, so the request is built to be safe against a hostile receiver: the address rule
// (dial.ts), no redirects followed, no proxy (our own agents, never the environment's), one
// deadline for the whole exchange however slowly the peer trickles, and at most maxBodyBytes
// of the answer kept. Sockets are pooled: a response read to its end leaves its socket for the
// next delivery, and only one cut off at the cap is dropped.

export interface PostOptions {
  /** WEBHOOKS_ALLOW_PRIVATE_URLS: lifts the address rule (dev/tests); never lifts the others. */
  allowPrivate: boolean;
  /** Production: https only. */
  requireHttps: boolean;
  /** The whole exchange: DNS, connect, TLS, headers and body. */
  timeoutMs?: number;
  /** The response is read up to this many bytes; past it the socket is dropped. */
  maxBodyBytes?: number;
  /** For tests: replaces dns.lookup; called with all: true. */
  lookup?: WebhookLookup;
}

export interface PostResult {
  /** null when no HTTP response arrived. */
  statusCode: number | null;
  /** 2xx, with the answer (up to maxBodyBytes) read within the deadline. */
  ok: boolean;
  /** Short and safe to show to the organization admin. */
  error: string | null;
  durationMs: number;
  /** At most maxBodyBytes bytes of the response, decoded as UTF-8 leniently. */
  responseBody: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 1024;
// Resolving at endpoint creation gets its own, shorter bound: the admin is waiting for the form.
const CHECK_DNS_TIMEOUT_MS = 5_000;

class DeadlineError extends Error {
  readonly code = "WEBHOOK_TIMEOUT";
}

interface Attempt {
  statusCode: number | null;
  body: Buffer[];
  error: (Error & { code?: string }) | null;
}

export async function postWebhook(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const result = (statusCode: number | null, error: string | null, chunks: Buffer[] = []): PostResult => ({
    statusCode,
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
    error,
    durationMs: Math.round(performance.now() - started),
    // Streaming mode holds back a multi-byte character cut in half at the cap instead of
    // turning it into U+FFFD; invalid bytes elsewhere still become U+FFFD.
    responseBody: new TextDecoder("utf-8").decode(Buffer.concat(chunks), { stream: true }),
  });

  const target = parseTarget(url, options);
  if ("reason" in target) return result(null, `refused: ${target.reason}`);

  const deadline = started + timeoutMs;
  const agent = agentFor(target.url.protocol as "http:" | "https:", options.allowPrivate, options.lookup);
  // No retry here, not even on a pooled socket the server closed as we picked it (the agent's
  // idle timeout stays under the usual server keep-alive to make that rare): the dispatcher's
  // retries cover it, and a receiver then sees exactly one request per attempt.
  const attempt = await send(target, body, headers, agent, deadline, maxBodyBytes);

  const { statusCode, error } = attempt;
  return result(statusCode, error ? describeError(error, target, timeoutMs) : statusError(statusCode), attempt.body);
}

/** A redirect is an answer we refuse to follow, not a success: the next URL was never checked. */
function statusError(statusCode: number | null): string | null {
  if (statusCode === null) return "no response";
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) return `redirect not followed (${statusCode})`;
  return `HTTP ${statusCode}`;
}

function send(
  target: Target,
  body: string,
  headers: Record<string, string>,
  agent: http.Agent,
  deadline: number,
  cap: number,
): Promise<Attempt> {
  return new Promise((resolve) => {
    const attempt: Attempt = { statusCode: null, body: [], error: null };
    let request: http.ClientRequest;
    try {
      const transport = target.url.protocol === "https:" ? https : http;
      request = transport.request({
        protocol: target.url.protocol,
        hostname: target.host,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent,
      });
    } catch (err) {
      // Invalid header names or values are refused synchronously.
      return resolve({ ...attempt, error: err as Error });
    }

    let settled = false;
    const finish = (error: Attempt["error"]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      attempt.error = error;
      resolve(attempt);
    };
    const timer = setTimeout(
      () => {
        finish(new DeadlineError("timeout"));
        request.destroy();
      },
      Math.max(0, deadline - performance.now()),
    );

    request.on("error", finish);
    request.on("response", (response) => {
      attempt.statusCode = response.statusCode ?? null;
      let kept = 0;
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        if (kept + chunk.length > cap) {
          // More than we keep: take our share and drop the connection rather than drain it.
          attempt.body.push(chunk.subarray(0, cap - kept));
          finish(null);
          request.destroy();
          return;
        }
        attempt.body.push(chunk);
        kept += chunk.length;
      });
      // Read to the end: the agent takes the socket back for the next delivery.
      response.on("end", () => finish(null));
      response.on("error", finish);
    });
    request.end(body);
  });
}

const ERROR_MESSAGES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection reset",
  ECONNABORTED: "connection reset",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
  ENOTFOUND: "DNS: name not found",
  ENODATA: "DNS: no address for the name",
  EAI_AGAIN: "DNS: temporary failure",
  ESERVFAIL: "DNS: server failure",
  CERT_HAS_EXPIRED: "TLS: certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: self-signed certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS: self-signed certificate in chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: certificate not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: certificate not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS: certificate does not match the host name",
  ERR_INVALID_CHAR: "invalid request header",
  ERR_INVALID_HTTP_TOKEN: "invalid request header",
  ERR_HTTP_INVALID_HEADER_VALUE: "invalid request header",
};

/** Short and safe: a fixed phrase per cause, never the peer's text or our internals. */
function describeError(error: Error & { code?: string }, target: Target, timeoutMs: number): string {
  if (error instanceof DeadlineError) return `timeout after ${formatDuration(timeoutMs)}`;
  if (error instanceof ForbiddenAddressError) return `refused: ${error.message}`;
  const code = error.code ?? "";
  if (ERROR_MESSAGES[code]) return ERROR_MESSAGES[code];
  if (code.startsWith("HPE_")) return "invalid HTTP response";
  if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || /CERT/.test(code)) return `TLS error (${code})`;
  if (error.message === "socket hang up") return "connection closed without a response";
  return code ? `request to ${target.url.host} failed (${code})` : `request to ${target.url.host} failed`;
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * null when `url` is acceptable as a webhook endpoint, else why not (for a 422): "must use https",
 * "resolves to 10.0.0.1, a private address", "host name does not resolve" ... Deliveries judge
 * the address again when they connect; this check is for the admin's benefit, not the defence.
 * With allowPrivate the name is not resolved at all: nothing is judged on its addresses.
 */
export async function checkWebhookUrl(
  url: string,
  options: Pick<PostOptions, "allowPrivate" | "requireHttps" | "lookup">,
): Promise<string | null> {
  const target = parseTarget(url, options);
  if ("reason" in target) return target.reason;
  // An IP literal was judged by parseTarget; a name is judged on what it resolves to now.
  if (options.allowPrivate || isIP(target.host)) return null;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("host name could not be resolved (timeout)"), CHECK_DNS_TIMEOUT_MS);
    resolveAll(options.lookup ?? defaultLookup, target.host, (resolved) => {
      clearTimeout(timer);
      if ("error" in resolved) {
        const missing = resolved.error.code === "ENOTFOUND" || resolved.error.code === "ENODATA";
        return resolve(missing ? "host name does not resolve" : "host name could not be resolved right now");
      }
      for (const { address } of resolved.addresses) {
        const reason = forbiddenAddressReason(address);
        if (reason) return resolve(forbiddenMessage(address, reason, {}));
      }
      resolve(null);
    });
  });
}

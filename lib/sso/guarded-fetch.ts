import "server-only";
import http from "node:http";
import https from "node:https";
import { config } from "@/lib/config/env";
import { agentFor, parseTarget } from "@/lib/webhooks/dial";

// The fetch openid-client uses for an organization's IdP (discovery, token, JWKS): the owner typed
// the issuer's URL, so its requests get the webhooks' address rule, judged on the address actually
// dialled (lib/webhooks/dial.ts): no loopback, private, link-local or metadata address unless
// WEBHOOKS_ALLOW_PRIVATE_URLS lifts it (development and tests). No redirects, 10 s, 1 MB.

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1024 * 1024;

export async function guardedFetch(
  url: string,
  options: { method?: string; headers?: HeadersInit; body?: BodyInit | null; signal?: AbortSignal } = {},
): Promise<Response> {
  // The URL's own rules, and an IP-literal host judged here: the socket's guarded lookup is never
  // called for one (net.connect dials a literal directly), so 127.0.0.1 would be dialled.
  const parsed = parseTarget(url, config().webhookAddressRule);
  if ("reason" in parsed) throw new TypeError(`The address ${parsed.reason}.`);
  const target = parsed.url;
  const agent = agentFor(target.protocol as "http:" | "https:", config().webhookAddressRule.allowPrivate);
  const headers = Object.fromEntries(new Headers(options.headers).entries());
  const body =
    options.body == null
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : Buffer.from(await new Response(options.body).arrayBuffer());
  return new Promise<Response>((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      { method: options.method ?? "GET", headers, agent, timeout: TIMEOUT_MS, signal: options.signal },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            request.destroy(new Error("response too large"));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
          }
          resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 502, headers: responseHeaders }));
        });
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
    request.end(body);
  });
}

// What the SSO stand-ins (SAML IdP, OpenID Connect IdP, DNS control port) share: reading a
// bounded body, answering JSON, HTML or a redirect, escaping for HTML, and listening on
// 127.0.0.1 with a close that does not wait for idle keep-alive connections.
import http from "node:http";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

/** The request body as text, refused past `limit` bytes. */
export async function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`Body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

export function sendHtml(res: http.ServerResponse, status: number, html: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

export function redirect(res: http.ServerResponse, location: string, status = 302) {
  res.writeHead(status, { location, "cache-control": "no-store" });
  res.end();
}

export const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** A small accessible page: the language, a title, one main landmark with its heading. */
export function page(title: string, body: string) {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;margin:.5rem 0}` +
    `input[type=checkbox]{display:inline;margin-right:.5rem}label.check{display:flex;align-items:center}</style>` +
    `</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  );
}

export const hiddenInputs = (fields: Record<string, string | null | undefined>) =>
  Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] != null)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");

/** Listens on host:port; close() also ends idle keep-alive connections so a test run ends promptly. */
export function listen(server: http.Server, port: number, host = "127.0.0.1"): Promise<{ close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/** Wraps a handler so that a thrown error becomes a 400 (or 413) answer instead of a crash. */
export function handler(fn: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    fn(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, error instanceof BodyTooLarge ? 413 : 400, { error: "invalid_request", error_description: message });
    });
  };
}

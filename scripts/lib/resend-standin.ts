// A local stand-in for the Resend HTTP API, so tests exercise the real Resend SDK end to end.
// POST /emails stores a message the way Resend accepts one; GET /emails?to= lists what was
// captured (newest first) for tests to read codes and links from; DELETE /emails clears;
// POST /__fail {count} makes the next sends fail, to test how the app surfaces a mail outage.
import { randomUUID } from "node:crypto";
import http from "node:http";

export interface CapturedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

export function startResendStandIn(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const emails: CapturedEmail[] = [];
  let failNext = 0;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    let raw = "";
    for await (const chunk of req) raw += chunk;

    if (req.method === "POST" && url.pathname === "/emails") {
      if (!req.headers.authorization?.startsWith("Bearer re_"))
        return send(401, { name: "missing_api_key", message: "Missing API key", statusCode: 401 });
      if (failNext > 0) {
        failNext--;
        return send(500, { name: "application_error", message: "Stand-in failure", statusCode: 500 });
      }
      const body = JSON.parse(raw) as Omit<CapturedEmail, "id" | "createdAt"> & { to: string | string[] };
      const email = { ...body, to: [body.to].flat(), id: randomUUID(), createdAt: new Date().toISOString() };
      emails.unshift(email);
      return send(200, { id: email.id });
    }
    if (req.method === "GET" && url.pathname === "/emails") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return send(200, { items: to ? emails.filter((e) => e.to.some((t) => t.toLowerCase() === to)) : emails });
    }
    if (req.method === "DELETE" && url.pathname === "/emails") {
      emails.length = 0;
      return send(200, {});
    }
    if (req.method === "POST" && url.pathname === "/__fail") {
      failNext = Number((JSON.parse(raw || "{}") as { count?: number }).count ?? 1);
      return send(200, { failNext });
    }
    send(404, { name: "not_found", message: "Not found", statusCode: 404 });
  });

  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

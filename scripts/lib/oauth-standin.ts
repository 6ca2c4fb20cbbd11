// A local stand-in for GitHub's OAuth 2.0 endpoints (the GitHub Enterprise URL layout), so the
// whole "Continue with GitHub" flow runs in end-to-end tests without the internet: Auth.js's real
// GitHub provider talks to it exactly as it would to github.com.
//
//   POST /__identity {id, login, name, email, verified}  who the next authorization signs in as
//   GET  /login/oauth/authorize                          auto-approves, redirects with a code
//   POST /login/oauth/access_token                       code → access token (checks the secret)
//   GET  /api/v3/user, /api/v3/user/emails               the profile and its addresses
import { randomBytes } from "node:crypto";
import http from "node:http";

export interface Identity {
  id: number;
  login: string;
  name: string;
  email: string;
  verified: boolean;
}

export function startOAuthStandIn(port: number, client: { id: string; secret: string }) {
  let next: Identity = { id: 1, login: "octocat", name: "Mona Octocat", email: "octocat@example.com", verified: true };
  const codes = new Map<string, Identity>();
  const tokens = new Map<string, Identity>();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://localhost:${port}`);
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const bearer = () => tokens.get((req.headers.authorization ?? "").replace(/^(Bearer|token) /i, ""));

    if (url.pathname === "/__health") return json(200, { ok: true });
    if (req.method === "POST" && url.pathname === "/__identity") {
      next = { ...next, ...(JSON.parse(raw || "{}") as Partial<Identity>) };
      return json(200, next);
    }
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      if (url.searchParams.get("client_id") !== client.id) return json(400, { error: "unknown client" });
      const code = randomBytes(16).toString("hex");
      codes.set(code, next);
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      if (url.searchParams.has("state")) back.searchParams.set("state", url.searchParams.get("state")!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      const form = new URLSearchParams(raw);
      const basic = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      const [id, secret] = basic.includes(":")
        ? basic.split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
      if (id !== client.id || secret !== client.secret) return json(401, { error: "incorrect_client_credentials" });
      const identity = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!identity) return json(400, { error: "bad_verification_code" });
      const token = `gho_${randomBytes(16).toString("hex")}`;
      tokens.set(token, identity);
      return json(200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
    }
    if (req.method === "GET" && url.pathname === "/api/v3/user") {
      const who = bearer();
      if (!who) return json(401, { message: "Bad credentials" });
      // Like an account with a private email: the address comes from /user/emails.
      return json(200, { id: who.id, login: who.login, name: who.name, email: null, avatar_url: null });
    }
    if (req.method === "GET" && url.pathname === "/api/v3/user/emails") {
      const who = bearer();
      if (!who) return json(401, { message: "Bad credentials" });
      return json(200, [{ email: who.email, primary: true, verified: who.verified, visibility: "private" }]);
    }
    json(404, { message: "Not Found" });
  });

  return new Promise<{ url: string; close(): Promise<void> }>((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

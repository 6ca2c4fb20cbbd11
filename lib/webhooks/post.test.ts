import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import https from "node:https";
import { agentFor, type WebhookLookup } from "./dial";
import { checkWebhookUrl, postWebhook, type PostOptions } from "./post";

// Real sockets on loopback. Deliveries to the receiver need allowPrivate (it lives on
// 127.0.0.1); the refusals run with allowPrivate=false against a server that counts every TCP
// connection it accepts, on all loopback addresses, so "refused" also means "never dialled".

const LENIENT: PostOptions = { allowPrivate: true, requireHttps: false };
const STRICT: PostOptions = { allowPrivate: false, requireHttps: false };
const BODY = JSON.stringify({ type: "user.created", data: { id: "u_1" } });

/** A lookup answering `addresses` for any name, and counting its calls. */
function lookupTo(...addresses: string[]): WebhookLookup & { calls: { hostname: string; all: boolean }[] } {
  const calls: { hostname: string; all: boolean }[] = [];
  const lookup: WebhookLookup = (hostname, options, callback) => {
    calls.push({ hostname, all: options.all === true });
    callback(
      null,
      addresses.map((address) => ({ address, family: net.isIP(address) })),
    );
  };
  return Object.assign(lookup, { calls });
}

interface Counted {
  server: http.Server;
  port: number;
  connections: number;
  requests: number;
  close(): Promise<void>;
}

async function countingServer(handler?: http.RequestListener, host = "::"): Promise<Counted> {
  const server = http.createServer(handler ?? ((req, res) => req.resume().on("end", () => res.writeHead(204).end())));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const counted: Counted = {
    server,
    port: (server.address() as AddressInfo).port,
    connections: 0,
    requests: 0,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  server.on("connection", () => counted.connections++);
  server.on("request", () => counted.requests++);
  return counted;
}

/** Lets a connection in flight reach the server's accept before the count is read. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
afterEach(() => receiver.reset());

describe("postWebhook against a receiver", () => {
  it("sends the body and headers and reports a 2xx as ok", async () => {
    const result = await postWebhook(
      `${receiver.url}/hooks/a?x=1`,
      BODY,
      { "content-type": "application/json", "webhook-id": "msg_1" },
      LENIENT,
    );
    expect(result).toMatchObject({ statusCode: 204, ok: true, error: null, responseBody: "" });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const hit = receiver.received("/hooks/a")[0]!;
    expect(hit.body).toBe(BODY);
    expect(hit.json).toEqual(JSON.parse(BODY));
    expect(hit.headers).toMatchObject({ "content-type": "application/json", "webhook-id": "msg_1", "content-length": String(BODY.length) });
  });

  it("reports a 500 with its body", async () => {
    receiver.setMode("/fail", { status: 500, body: "boom" });
    const result = await postWebhook(`${receiver.url}/fail`, BODY, {}, LENIENT);
    expect(result).toMatchObject({ statusCode: 500, ok: false, error: "HTTP 500", responseBody: "boom" });
  });

  it("reports a closed port as connection refused", async () => {
    const closed = await countingServer(undefined, "127.0.0.1");
    await closed.close();
    const result = await postWebhook(`http://127.0.0.1:${closed.port}/`, BODY, {}, LENIENT);
    expect(result).toMatchObject({ statusCode: null, ok: false, error: "connection refused" });
  });

  it("gives up on a server that never answers, at the deadline", async () => {
    receiver.setMode("/silent", "timeout");
    const result = await postWebhook(`${receiver.url}/silent`, BODY, {}, { ...LENIENT, timeoutMs: 200 });
    expect(result).toMatchObject({ statusCode: null, ok: false, error: "timeout after 200 ms" });
    expect(result.durationMs).toBeGreaterThanOrEqual(195);
    expect(result.durationMs).toBeLessThan(1000);
  });

  it("counts a body trickling past the deadline as a timeout, though the status was 200", async () => {
    receiver.setMode("/slow", "slow-body");
    const result = await postWebhook(`${receiver.url}/slow`, BODY, {}, { ...LENIENT, timeoutMs: 300 });
    expect(result).toMatchObject({ statusCode: 200, ok: false, error: "timeout after 300 ms" });
    expect(result.durationMs).toBeLessThan(1000);
  });

  it("keeps only the first 1 KB of a 5 MB answer", async () => {
    receiver.setMode("/huge", "huge");
    const result = await postWebhook(`${receiver.url}/huge`, BODY, {}, LENIENT);
    expect(result).toMatchObject({ statusCode: 200, ok: true, error: null });
    expect(result.responseBody).toBe("x".repeat(1024));
  });

  it("does not follow a redirect, even to a URL it could reach", async () => {
    const target = await startWebhookReceiver();
    try {
      receiver.setMode("/moved", { redirect: `${target.url}/target` });
      const result = await postWebhook(`${receiver.url}/moved`, BODY, {}, LENIENT);
      expect(result).toMatchObject({ statusCode: 302, ok: false, error: "redirect not followed (302)" });
      expect(receiver.received("/moved")).toHaveLength(1);
      expect(target.received()).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it("never throws: a header value with a line break is reported", async () => {
    const result = await postWebhook(`${receiver.url}/x`, BODY, { "x-evil": "a\r\nHost: other" }, LENIENT);
    expect(result).toMatchObject({ statusCode: null, ok: false, error: "invalid request header" });
    expect(receiver.received()).toHaveLength(0);
  });

  it("ignores proxy variables", async () => {
    const proxy = await countingServer();
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = process.env.http_proxy = `http://127.0.0.1:${proxy.port}`;
    delete process.env.NO_PROXY;
    try {
      const result = await postWebhook(`${receiver.url}/direct`, BODY, {}, LENIENT);
      expect(result.ok).toBe(true);
      expect(proxy.connections).toBe(0);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await proxy.close();
    }
  });
});

describe("postWebhook deadlines and sockets", () => {
  it("times out on headers trickled one byte at a time", async () => {
    const trickle = net.createServer((socket) => {
      const bytes = Buffer.from("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
      let sent = 0;
      const timer = setInterval(() => (sent < bytes.length ? socket.write(bytes.subarray(sent, ++sent)) : undefined), 20);
      socket.on("close", () => clearInterval(timer));
      socket.on("error", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickle.listen(0, "127.0.0.1", resolve));
    try {
      const result = await postWebhook(
        `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/`,
        BODY,
        {},
        { ...LENIENT, timeoutMs: 300 },
      );
      expect(result).toMatchObject({ statusCode: null, ok: false, error: "timeout after 300 ms", responseBody: "" });
    } finally {
      await new Promise((resolve) => trickle.close(resolve));
    }
  });

  it("drops the connection past the cap instead of draining the answer", async () => {
    const total = 64 * 1024 * 1024;
    let sent = 0;
    let finished = false;
    let closed!: () => void;
    const serverClosed = new Promise<void>((resolve) => (closed = resolve));
    const flood = await countingServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-length": String(total) });
      const chunk = Buffer.alloc(64 * 1024, "y");
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
      };
      res.on("finish", () => (finished = true));
      res.on("close", () => closed());
      pump();
    });
    try {
      const result = await postWebhook(`http://127.0.0.1:${flood.port}/`, BODY, {}, { ...LENIENT, maxBodyBytes: 100 });
      expect(result).toMatchObject({ statusCode: 200, ok: true, responseBody: "y".repeat(100) });
      await serverClosed;
      expect(finished).toBe(false);
      expect(sent).toBeLessThan(total);
    } finally {
      await flood.close();
    }
  });

  it("reuses one connection when answers end within the cap, with a length or chunked", async () => {
    let n = 0;
    const server = await countingServer((req, res) => {
      req.resume().on("end", () => {
        n++;
        if (n % 2) res.writeHead(200, { "content-length": "5" }).end("hello");
        else {
          res.writeHead(200); // chunked
          res.write("hel");
          res.end("lo");
        }
      });
    });
    try {
      for (let i = 0; i < 6; i++) {
        const result = await postWebhook(`http://127.0.0.1:${server.port}/`, BODY, {}, LENIENT);
        expect(result).toMatchObject({ statusCode: 200, ok: true, responseBody: "hello" });
      }
      expect(server.requests).toBe(6);
      expect(server.connections).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("opens a new connection after an answer it cut off", async () => {
    // Far bigger than the cap and than one read: the answer is still arriving when it is cut off
    // (a small one can arrive whole before the cut, and Node 24 then rightly reuses its socket).
    const server = await countingServer((req, res) => req.resume().on("end", () => res.writeHead(200).end("z".repeat(4_000_000))));
    try {
      for (let i = 0; i < 3; i++) {
        const result = await postWebhook(`http://127.0.0.1:${server.port}/`, BODY, {}, LENIENT);
        expect(result.responseBody).toHaveLength(1024);
      }
      expect(server.connections).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("does not retry when a pooled connection turns out to be closed: one attempt, one request", async () => {
    const perSocket = new WeakMap<net.Socket, number>();
    const server = await countingServer((req, res) => {
      const seen = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, seen);
      // The second request on a connection meets a server that has just closed it.
      if (seen === 2) return req.socket.destroy();
      req.resume().on("end", () => res.writeHead(204).end());
    });
    try {
      expect((await postWebhook(`http://127.0.0.1:${server.port}/`, BODY, {}, LENIENT)).ok).toBe(true);
      expect(await postWebhook(`http://127.0.0.1:${server.port}/`, BODY, {}, LENIENT)).toMatchObject({
        statusCode: null,
        error: "connection reset",
      });
      expect(server.requests).toBe(2);
      expect((await postWebhook(`http://127.0.0.1:${server.port}/`, BODY, {}, LENIENT)).ok).toBe(true);
      expect(server.connections).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("keeps a multi-byte character cut at the cap out of the body", async () => {
    const server = await countingServer((req, res) => req.resume().on("end", () => res.writeHead(200).end("ab€€")));
    try {
      const result = await postWebhook(`http://127.0.0.1:${server.port}/`, BODY, {}, { ...LENIENT, maxBodyBytes: 4 });
      expect(result.responseBody).toBe("ab");
    } finally {
      await server.close();
    }
  });
});

describe("postWebhook refusals (allowPrivate=false)", () => {
  let server: Counted;
  beforeAll(async () => {
    server = await countingServer();
  });
  afterAll(() => server.close());

  it("would have answered, had the rule been lifted", async () => {
    const lookup = lookupTo("127.0.0.1");
    const before = server.connections;
    const result = await postWebhook(`http://hook.test:${server.port}/`, BODY, {}, { ...LENIENT, lookup });
    expect(result).toMatchObject({ statusCode: 204, ok: true });
    expect(server.connections).toBe(before + 1);
    expect(lookup.calls).toEqual([{ hostname: "hook.test", all: true }]);
    for (const ip of ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]"]) {
      expect((await postWebhook(`http://${ip}:${server.port}/`, BODY, {}, LENIENT)).ok).toBe(true);
    }
  });

  it.each([
    ["http://127.0.0.1:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://[::1]:PORT/", "refused: ::1 is a loopback address"],
    ["http://169.254.169.254:PORT/latest/meta-data/", "refused: 169.254.169.254 is a metadata service address"],
    ["http://10.0.0.1:PORT/", "refused: 10.0.0.1 is a private address"],
    ["http://[fd00:ec2::254]:PORT/", "refused: fd00:ec2::254 is a metadata service address"],
    ["http://0.0.0.0:PORT/", "refused: 0.0.0.0 is an unspecified address"],
    // WHATWG URL turns every odd IPv4 spelling into the dotted quad before we see it.
    ["http://2130706433:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://0x7f.1:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://127.1:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://0177.0.0.1:PORT/", "refused: 127.0.0.1 is a loopback address"],
    ["http://0/", "refused: 0.0.0.0 is an unspecified address"],
    ["http://[::ffff:127.0.0.1]:PORT/", "refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address"],
    ["http://[0:0:0:0:0:ffff:7f00:1]:PORT/", "refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address"],
    ["http://[::127.0.0.1]:PORT/", "refused: ::7f00:1 is an IPv4-compatible IPv6 address"],
    ["http://localhost:PORT/", "refused: localhost resolves to a loopback address"],
  ])("%s", async (url, error) => {
    const before = server.connections;
    const result = await postWebhook(url.replace("PORT", String(server.port)), BODY, {}, STRICT);
    expect(result).toMatchObject({ statusCode: null, ok: false, error, responseBody: "" });
    await settle();
    expect(server.connections).toBe(before);
  });

  it.each([
    [["127.0.0.1"], "refused: hook.test resolves to a loopback address"],
    [["::1"], "refused: hook.test resolves to a loopback address"],
    [["93.184.216.34", "10.1.2.3"], "refused: hook.test resolves to a private address"],
    [["2606:4700:4700::1111", "::ffff:169.254.169.254"], "refused: hook.test resolves to an IPv4-mapped IPv6 address"],
    [["fe80::1%eth0"], "refused: hook.test resolves to a zone-scoped address"],
  ])("a name resolving to %j", async (addresses, error) => {
    const lookup = lookupTo(...addresses);
    const before = server.connections;
    const result = await postWebhook(`http://hook.test:${server.port}/`, BODY, {}, { ...STRICT, lookup });
    expect(result).toMatchObject({ statusCode: null, ok: false, error });
    await settle();
    expect(server.connections).toBe(before);
  });

  it("judges the address at delivery, not the one seen when the endpoint was saved (DNS rebinding)", async () => {
    let calls = 0;
    const rebinding: WebhookLookup = (_hostname, _options, callback) =>
      callback(null, [calls++ === 0 ? { address: "93.184.216.34", family: 4 } : { address: "127.0.0.1", family: 4 }]);
    const url = `http://rebind.test:${server.port}/`;
    expect(await checkWebhookUrl(url, { ...STRICT, lookup: rebinding })).toBeNull();
    const before = server.connections;
    const result = await postWebhook(url, BODY, {}, { ...STRICT, lookup: rebinding });
    expect(result.error).toBe("refused: rebind.test resolves to a loopback address");
    await settle();
    expect(server.connections).toBe(before);
  });

  it.each([
    [`http://127.0.0.1:PORT/`, { ...LENIENT, requireHttps: true }, "refused: must use https"],
    [`http://user:pw@127.0.0.1:PORT/`, LENIENT, "refused: may not contain a user name or password"],
    [`http://user@127.0.0.1:PORT/`, LENIENT, "refused: may not contain a user name or password"],
    [`ftp://127.0.0.1:PORT/`, LENIENT, "refused: must be an http or https URL"],
    [`file:///etc/passwd`, LENIENT, "refused: must be an http or https URL"],
    [`not a url`, LENIENT, "refused: is not a valid URL"],
  ])("%s: the other rules hold even with allowPrivate", async (url, options, error) => {
    const before = server.connections;
    const result = await postWebhook(url.replace("PORT", String(server.port)), BODY, {}, options);
    expect(result).toMatchObject({ statusCode: null, ok: false, error });
    await settle();
    expect(server.connections).toBe(before);
  });

  // An IP-literal host skips the agent's lookup; postWebhook judges literals before dialling, and
  // the strict agents judge the peer again on connect, before a byte is written.
  it.each([
    ["http", http],
    ["https", https],
  ] as const)("the strict %s agent drops a forbidden peer on connect, before sending anything", async (scheme, transport) => {
    let accepted = 0;
    let bytes = 0;
    const raw = net.createServer((socket) => {
      accepted++;
      socket.on("data", (chunk) => (bytes += chunk.length));
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    try {
      const error = await new Promise<Error>((resolve) => {
        const request = transport.request({
          hostname: "127.0.0.1",
          port: (raw.address() as AddressInfo).port,
          method: "POST",
          agent: agentFor(`${scheme}:`, false),
        });
        request.on("error", resolve);
        request.end(BODY);
      });
      expect(error.message).toBe("connected to a loopback address");
      await settle();
      // The TCP connection was made (that is what is being judged), but not one byte, not even a TLS hello, went out.
      expect(accepted).toBe(1);
      expect(bytes).toBe(0);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it("reports a name that does not resolve", async () => {
    const missing: WebhookLookup = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    const result = await postWebhook(`http://nowhere.test/`, BODY, {}, { ...STRICT, lookup: missing });
    expect(result).toMatchObject({ statusCode: null, ok: false, error: "DNS: name not found" });
  });
});

describe("checkWebhookUrl", () => {
  const none: WebhookLookup = (_hostname, _options, callback) => callback(Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" }), []);
  const strict = { allowPrivate: false, requireHttps: true };

  it.each([
    ["https://hooks.example.com/in", null, lookupTo("93.184.216.34", "2606:4700:4700::1111")],
    ["https://93.184.216.34/in", null, none],
    ["https://[2606:4700:4700::1111]:8443/in", null, none],
    ["http://hooks.example.com/in", "must use https", lookupTo("93.184.216.34")],
    ["https://user:secret@hooks.example.com/", "may not contain a user name or password", lookupTo("93.184.216.34")],
    ["https://hooks.example.com/", "resolves to a private address", lookupTo("10.0.0.1")],
    ["https://hooks.example.com/", "resolves to a metadata service address", lookupTo("93.184.216.34", "169.254.169.254")],
    ["https://nowhere.example/", "host name does not resolve", none],
    ["https://10.0.0.1/", "10.0.0.1 is a private address", none],
    ["https://[::1]/", "::1 is a loopback address", none],
    ["https://2130706433/", "127.0.0.1 is a loopback address", none],
    ["javascript:alert(1)", "must be an http or https URL", none],
    ["", "is not a valid URL", none],
  ])("%s → %s", async (url, reason, lookup) => {
    expect(await checkWebhookUrl(url, { ...strict, lookup })).toBe(reason);
  });

  it("lifts only the address rule with allowPrivate, and then resolves nothing", async () => {
    const lookup = lookupTo("127.0.0.1");
    expect(await checkWebhookUrl("http://localhost:3000/hooks", { allowPrivate: true, requireHttps: false, lookup })).toBeNull();
    expect(await checkWebhookUrl("https://10.0.0.1/", { allowPrivate: true, requireHttps: true, lookup })).toBeNull();
    expect(lookup.calls).toHaveLength(0);
    expect(await checkWebhookUrl("http://localhost/", { allowPrivate: true, requireHttps: true, lookup })).toBe("must use https");
    expect(await checkWebhookUrl("https://a:b@localhost/", { allowPrivate: true, requireHttps: true, lookup })).toBe(
      "may not contain a user name or password",
    );
  });

  it("reports a transient DNS failure as such", async () => {
    const flaky: WebhookLookup = (_hostname, _options, callback) =>
      callback(Object.assign(new Error("EAI_AGAIN"), { code: "EAI_AGAIN" }), []);
    expect(await checkWebhookUrl("https://hooks.example.com/", { ...strict, lookup: flaky })).toBe(
      "host name could not be resolved right now",
    );
  });
});

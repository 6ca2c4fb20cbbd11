// A local DNS server for the domain-verification tests: answers TXT queries from an in-memory
// map over UDP and TCP (dns2), NXDOMAIN for any name it does not hold, so the app resolves
// `_keystone-verification.<domain>` through node:dns exactly as in production, pointed here by
// DNS_SERVERS=127.0.0.1:<port>. Answers carry TTL 0, so a resolver never serves a stale record
// after a test changes one.
//
// Control (HTTP, its own port):
//   PUT    /txt/<name>   body: JSON string[]   sets the TXT records of <name> (one record per string;
//                                             strings over 255 bytes are split into character-strings)
//   GET    /txt/<name>   → string[] (404 when none);   GET /txt → { name: string[] }
//   DELETE /txt/<name>   removes them;   DELETE /txt removes all;   GET /__health
import dgram from "node:dgram";
import http from "node:http";
import net from "node:net";
import dns2 from "dns2";
import { handler, listen, readBody, sendJson } from "./standin-http";

const { Packet } = dns2;
const NXDOMAIN = 3; // RFC 1035 §4.1.1 (dns2's Packet.RCODE, which its types omit)

export interface DnsStandIn {
  /** "127.0.0.1:<port>": a DNS_SERVERS entry. */
  server: string;
  port: number;
  /** http://127.0.0.1:<controlPort> */
  controlUrl: string;
  setTxt(name: string, values: string[]): void;
  clearTxt(name: string): void;
  close(): Promise<void>;
}

/** Names compare without case and without the root's trailing dot. */
export const normalizeDnsName = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

/** A TXT record's character-strings: at most 255 bytes each (RFC 1035 §3.3.14), split between characters. */
function characterStrings(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (const character of value) {
    if (Buffer.byteLength(current + character) > 255) {
      parts.push(current);
      current = "";
    }
    current += character;
  }
  parts.push(current);
  return parts;
}

/** Whether both UDP and TCP can bind `port` on 127.0.0.1 now. */
async function dnsPortFree(port: number): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const probe = net.createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const probe = dgram.createSocket("udp4").once("error", () => resolve(false));
    probe.bind(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The first port from `preferred` upwards that is free for both UDP and TCP. */
export async function freeDnsPort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port++) if (await dnsPortFree(port)) return port;
  throw new Error(`No port free for UDP and TCP from ${preferred} upwards`);
}

export async function startDnsStandIn(options: { port: number; controlPort: number }): Promise<DnsStandIn> {
  const records = new Map<string, string[]>();
  const setTxt = (name: string, values: string[]) => void records.set(normalizeDnsName(name), [...values]);
  const clearTxt = (name: string) => void records.delete(normalizeDnsName(name));

  const handle: dns2.DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    const [question] = request.questions;
    const values = question ? records.get(normalizeDnsName(question.name)) : undefined;
    if (!question || !values) response.header.rcode = NXDOMAIN;
    else if (question.type === Packet.TYPE.TXT || question.type === Packet.TYPE.ANY) {
      for (const value of values) {
        response.answers.push(
          Packet.createResourceFromQuestion(question, {
            type: Packet.TYPE.TXT,
            class: Packet.CLASS.IN,
            ttl: 0,
            data: characterStrings(value),
          }),
        );
      }
    }
    // A name we hold, asked for another type: NOERROR with no answer (NODATA).
    void send(response).catch(() => undefined);
  };
  // UDP first, as resolvers ask; TCP for answers too long for a datagram (the resolver retries
  // there when the UDP answer comes back truncated). Separate servers, so that close() can end
  // the TCP connections a resolver keeps open instead of waiting for their idle timeout.
  const udp = dns2.createUDPServer(handle);
  const tcp = dns2.createTCPServer(handle);
  const connections = new Set<net.Socket>();
  tcp.on("connection", (socket: net.Socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
  });
  for (const server of [udp, tcp] as const) {
    server.on("requestError", () => undefined);
  }
  const bound = <T extends dgram.Socket | net.Server>(server: T, start: () => void) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.once("listening", () => {
        server.off("error", reject);
        server.on("error", () => undefined);
        resolve();
      });
      start();
    });
  await bound(udp, () => udp.bind(options.port, "127.0.0.1"));
  try {
    await bound(tcp, () => tcp.listen(options.port, "127.0.0.1"));
  } catch (error) {
    udp.close();
    throw error;
  }
  const closeDns = () =>
    Promise.all([
      new Promise<void>((resolve) => udp.close(() => resolve())),
      new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        for (const socket of connections) socket.destroy();
      }),
    ]);

  const control = http.createServer(
    handler(async (req, res) => {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      if (pathname === "/__health") return sendJson(res, 200, { ok: true });
      if (pathname === "/txt") {
        if (req.method === "GET") return sendJson(res, 200, Object.fromEntries(records));
        if (req.method === "DELETE") {
          records.clear();
          return sendJson(res, 200, {});
        }
      }
      if (pathname.startsWith("/txt/")) {
        const name = normalizeDnsName(decodeURIComponent(pathname.slice("/txt/".length)));
        if (!name) return sendJson(res, 400, { error: "a name is required" });
        if (req.method === "PUT") {
          const values: unknown = JSON.parse(await readBody(req));
          if (!Array.isArray(values) || !values.every((v) => typeof v === "string")) {
            return sendJson(res, 400, { error: "the body must be a JSON array of strings" });
          }
          setTxt(name, values);
          return sendJson(res, 200, { name, values });
        }
        if (req.method === "GET")
          return records.has(name) ? sendJson(res, 200, records.get(name)) : sendJson(res, 404, { error: "not_found" });
        if (req.method === "DELETE") {
          clearTxt(name);
          return sendJson(res, 200, { name });
        }
      }
      sendJson(res, 404, { error: "not_found" });
    }),
  );
  let controlServer: Awaited<ReturnType<typeof listen>>;
  try {
    controlServer = await listen(control, options.controlPort);
  } catch (error) {
    await closeDns();
    throw error;
  }

  return {
    server: `127.0.0.1:${options.port}`,
    port: options.port,
    controlUrl: `http://127.0.0.1:${options.controlPort}`,
    setTxt,
    clearTxt,
    close: async () => {
      await Promise.all([closeDns(), controlServer.close()]);
    },
  };
}

// The launcher's HTTP server in front of Next's request handler. Two jobs, both about where a
// request really came from:
//   - unless TRUST_PROXY is set, X-Forwarded-For is overwritten with the socket address, so the
//     app's client address (rate limits, audit) cannot be chosen by the client;
//   - each request is handled inside the launcher's connection store (lib/http/launcher.ts), so the
//     app can tell a client on this machine from anyone else by the socket, never by a header.
import http from "node:http";
import { connectionOf, installLauncherConnections } from "../../lib/http/launcher";

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

export function createAppServer(handle: Handle, options: { trustProxy: boolean }): http.Server {
  const connections = installLauncherConnections();
  return http.createServer((req, res) => {
    // Read before the overwrite below: whether anything relayed this request matters too.
    const connection = connectionOf(req.socket.remoteAddress, req.headers);
    if (!options.trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    connections.run(connection, () => void handle(req, res));
  });
}

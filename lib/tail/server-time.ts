// The server process's own time per request for the tail histograms: from Node's HTTP parser
// having read the request's headers to the response handed to the socket, whatever serves it
// (the launcher's server in front of Next, or `next start` for the bench's bare app). Taken from
// Node's diagnostics channels, which cost nothing unless subscribed. What it leaves out, the
// client sees and the server does not: the request waiting in the socket until the loop reads it.
import dc from "node:diagnostics_channel";
import type { RecordableHistogram } from "node:perf_hooks";
import { recordSince } from "./registry";

export function timeServerRequests(histogram: RecordableHistogram): void {
  const started = new WeakMap<object, bigint>();
  dc.subscribe("http.server.request.start", (message) => {
    started.set((message as { request: object }).request, process.hrtime.bigint());
  });
  dc.subscribe("http.server.response.finish", (message) => {
    const start = started.get((message as { request: object }).request);
    if (start !== undefined) recordSince(histogram, start);
  });
}

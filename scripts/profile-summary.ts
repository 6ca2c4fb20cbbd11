// `npx tsx scripts/profile-summary.ts <file.cpuprofile> [--requests N]`: reads a V8 CPU profile
// of one server process (see docs/performance.md, "Profiling") and charges every sample to the
// layer of the request that spent it, so the per-request cost of each layer can be read off.
//
// A sample goes to the innermost frame on its stack that one of the rules below recognises:
// library code (jose, JSON.stringify, node's crypto) counts for the code of ours that called it.
// Bundled code is mapped back to its source file through the build's source maps, so the rules
// name source files, not minified chunks.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** [layer, test on (function name, source file or url)]: the first rule a frame passes names it. */
const RULES: [string, (fn: string, source: string) => boolean][] = [
  [
    "JSON and response headers",
    (fn, s) =>
      /^(stringify|serializeJavascriptValueToJSONString)$/.test(fn) || (/undici/.test(s) && /^(json|Headers|fill|append|set)$/.test(fn)),
  ],
  ["logging", (_fn, s) => s.endsWith("lib/log.ts")],
  // The webhook dispatcher (npm run bench -- --profile --only=webhooks): standardwebhooks' HMAC
  // counts for signing.ts, node's http client for post.ts.
  ["webhooks: signing (lib/webhooks/signing.ts)", (_fn, s) => s.endsWith("lib/webhooks/signing.ts")],
  ["webhooks: secret box (lib/mfa/secret-box.ts, keyring)", (_fn, s) => /lib\/mfa\/(secret-box|keyring)\.ts$/.test(s)],
  ["webhooks: POST (lib/webhooks/post.ts, dial.ts)", (_fn, s) => /lib\/webhooks\/(post|dial|address)\.ts$/.test(s)],
  ["webhooks: dispatcher loop (lib/webhooks/dispatcher.ts)", (_fn, s) => /lib\/webhooks\//.test(s)],
  ["session check (lib/auth/sessions.ts)", (_fn, s) => s.endsWith("lib/auth/sessions.ts")],
  ["profile read (lib/accounts/profile.ts)", (_fn, s) => s.endsWith("lib/accounts/profile.ts")],
  ["organization access + lists", (_fn, s) => /lib\/(organizations|api-keys|audit|mfa)\//.test(s)],
  ["principal resolution (JWT / API key)", (_fn, s) => /lib\/auth\/(principal|jwt|browser-session)\.ts$/.test(s)],
  ["SQL helper and pool (lib/db)", (_fn, s) => /lib\/db\//.test(s)],
  [
    "route wrapper (lib/http/route.ts)",
    (_fn, s) => /lib\/http\/(route|body|problem|errors|client-info)\.ts$/.test(s) || /app\/api\/.*route\.ts$/.test(s),
  ],
  [
    "proxy.ts (our check)",
    (_fn, s) =>
      /(^|\/)proxy\.ts$/.test(s) || /lib\/(http\/(protected-api(\.generated)?|security-headers)|auth\/session-cookie)\.ts$/.test(s),
  ],
  ["launcher's HTTP server", (_fn, s) => /scripts\/(lib\/app-server|start)\.ts$/.test(s) || s.endsWith("lib/http/launcher.ts")],
  // The OpenID Provider (npm run bench -- --profile --only=oidc-refresh,oidc-userinfo): the library
  // and what it runs on (Koa, jose signing through WebCrypto), then our configuration and adapter.
  [
    "OpenID Provider: oidc-provider, Koa, jose",
    (_fn, s) =>
      /node_modules\/(oidc-provider|koa[^/]*|@koa\/[^/]+|jose|delegates|cookies|keygrip|http-errors|http-assert|statuses|accepts|raw-body|quick-lru|eta)\//.test(
        s,
      ),
  ],
  ["OpenID Provider: ours (lib/oidc, lib/keys, pages/api/oidc)", (_fn, s) => /lib\/(oidc|keys)\/|pages\/api\/oidc\//.test(s)],
  ["pg driver (protocol, row parsing)", (_fn, s) => /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//.test(s)],
  ["Prisma", (_fn, s) => /prisma/.test(s)],
  ["Next.js: routing, route module, response", (_fn, s) => /node_modules\/next\//.test(s) || /\.next\/server\//.test(s)],
  ["tsx loader / source maps", (fn, s) => /node_modules\/tsx\//.test(s) || /source_map/.test(s) || fn === "prepareStackTrace"],
  ["node: async_hooks / AsyncLocalStorage", (_fn, s) => /async_hooks/.test(s)],
  [
    "node: http, sockets, streams",
    (_fn, s) => /node:(_http|http|net|stream|internal\/(streams|http|stream_base))/.test(s) || /internal\/deps\/undici/.test(s),
  ],
  ["garbage collector", (fn) => fn === "(garbage collector)"],
  ["idle", (fn) => fn === "(idle)"],
];

/** Layers that are not ours: their samples are charged to the proxy when the proxy is running. */
const GENERIC = new Set([
  "JSON and response headers",
  "Next.js: routing, route module, response",
  "node: async_hooks / AsyncLocalStorage",
  "node: http, sockets, streams",
  "other (node internals, V8)",
]);

const maps = new Map<string, SourceMap | null>();
function sourceOf(frame: CallFrame): string {
  const { url } = frame;
  if (!url.startsWith("file://") || !url.includes("/.next/")) return url;
  let map = maps.get(url);
  if (map === undefined) {
    const mapFile = `${fileURLToPath(url)}.map`;
    map = existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))) : null;
    maps.set(url, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string } | undefined;
  return entry?.originalSource ?? url;
}

function main() {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [--requests N]");
  const requests = Number(rest[rest.indexOf("--requests") + 1]) || 0;
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const parent = new Map<number, ProfileNode>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);

  const stackRunsProxy = (node: ProfileNode): boolean => {
    for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
      const { functionName } = n.callFrame;
      if (
        /^(runMiddleware|NextNodeServer\.handleCatchallMiddlewareRequest|handleCatchallMiddlewareRequest|ensureMiddleware|loadNodeMiddleware)$/.test(
          functionName,
        )
      )
        return true;
      if (/server\/web\/adapter\.js$|templates\/middleware\.js$/.test(sourceOf(n.callFrame))) return true;
    }
    return false;
  };
  const layerOfNode = new Map<number, string>();
  const layerOf = (node: ProfileNode): string => {
    const known = layerOfNode.get(node.id);
    if (known) return known;
    let layer = "other (node internals, V8)";
    for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
      const source = sourceOf(n.callFrame);
      const rule = RULES.find(([, test]) => test(n!.callFrame.functionName, source));
      if (rule) {
        layer = rule[0];
        break;
      }
    }
    // Framework and runtime work done while running the proxy (Next's middleware adapter: the
    // NextRequest, header copies, matching) is the proxy's price, wherever its innermost frame is.
    if (GENERIC.has(layer) && stackRunsProxy(node)) layer = "Next.js: proxy machinery (middleware adapter)";
    layerOfNode.set(node.id, layer);
    return layer;
  };

  // --detail <layer substring>: the frames (innermost function, source) that fill that layer.
  const detail = rest.includes("--detail") ? rest[rest.indexOf("--detail") + 1] : undefined;
  const frames = new Map<string, number>();
  // --window FROM-TO: only samples in that span of the monotonic clock, in µs (what
  // process.hrtime.bigint() / 1000n reads in any process on the machine), e.g. one load run.
  const window = rest.includes("--window") ? rest[rest.indexOf("--window") + 1]!.split("-").map(Number) : [0, Infinity];
  const totals = new Map<string, number>();
  let all = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < window[0]! || at > window[1]!) return;
    all += us;
    const node = byId.get(id)!;
    const layer = layerOf(node);
    totals.set(layer, (totals.get(layer) ?? 0) + us);
    if (detail && layer.includes(detail)) {
      const key = `${node.callFrame.functionName || "(anonymous)"} ${sourceOf(node.callFrame).replace(/^.*node_modules\//, "")}`;
      frames.set(key, (frames.get(key) ?? 0) + us);
    }
  });
  for (const [key, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  const busy = all - (totals.get("idle") ?? 0);
  console.log(`profile: ${(all / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s${requests ? `, ${requests} requests` : ""}\n`);
  console.log(`| layer | CPU ms | share of busy |${requests ? " µs per request |" : ""}`);
  console.log(`|---|---:|---:|${requests ? "---:|" : ""}`);
  for (const [layer, us] of [...totals].sort((a, b) => b[1] - a[1])) {
    if (layer === "idle") continue;
    const perRequest = requests ? ` ${(us / requests).toFixed(0)} |` : "";
    console.log(`| ${layer} | ${(us / 1000).toFixed(0)} | ${((100 * us) / busy).toFixed(1)}% |${perRequest}`);
  }
  if (requests) console.log(`| **all busy time** | ${(busy / 1000).toFixed(0)} | 100% | ${(busy / requests).toFixed(0)} |`);
}

main();

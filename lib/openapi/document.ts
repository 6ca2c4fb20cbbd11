import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import { STATUS_OF } from "@/lib/http/errors";
import { OPERATIONS, type Operation } from "./operations";
import { problemSchema } from "./schemas";

const SECURITY_SCHEMES = {
  bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from login, refresh, confirm-account or switch-org." },
  apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "An organization's API key; acts for that organization only." },
  cookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session of the app's pages." },
} as const;

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const errorStatuses = new Map<number, string[]>();
  for (const code of new Set([...op.errors, "internal_error" as const])) {
    const status = code === "invalid_token" && op.path === "/api/auth/refresh" ? 401 : STATUS_OF[code];
    errorStatuses.set(status, [...(errorStatuses.get(status) ?? []), code]);
  }
  if (op.body) {
    errorStatuses.set(400, [...new Set([...(errorStatuses.get(400) ?? []), "invalid_json"])]);
    errorStatuses.set(413, ["payload_too_large"]);
    errorStatuses.set(415, ["unsupported_media_type"]);
  }
  errorStatuses.set(405, ["method_not_allowed"]);

  const responses: Record<`${1 | 2 | 3 | 4 | 5}${string}`, ZodOpenApiResponseObject> = {
    [`${op.success.status}` as `2${string}`]: {
      description: op.success.description,
      ...(op.success.schema ? { content: { "application/json": { schema: op.success.schema } } } : {}),
    },
  };
  for (const [status, codes] of [...errorStatuses].sort(([a], [b]) => a - b)) {
    responses[`${status}` as `4${string}`] = {
      description: `Problem: ${codes.map((c) => `\`${c}\``).join(", ")}`,
      content: { "application/problem+json": { schema: problemSchema } },
    };
  }
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: op.security.map((scheme) => ({ [scheme]: [] })),
    ...(op.params || op.query ? { requestParams: { ...(op.params ? { path: op.params } : {}), ...(op.query ? { query: op.query } : {}) } } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
    responses,
  };
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document of the whole API, built from OPERATIONS. */
export function openApiDocument(serverUrl: string) {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Keystone Auth API",
      version: "1.0.0",
      description:
        "Accounts, tokens, sessions, organizations, invitations, API keys and audit log. Errors are application/problem+json (RFC 9457) with a stable `code`. Lists answer `{ items }` (with `nextCursor` where paginated). Token responses carry `Cache-Control: no-store`. Rate-limited endpoints answer 429 with `Retry-After`.",
    },
    components: { securitySchemes: SECURITY_SCHEMES },
    paths: OPERATIONS.reduce<ZodOpenApiPathsObject>((paths, op) => {
      const key = op.path as `/${string}`;
      paths[key] = { ...paths[key], [op.method]: operationObject(op) };
      return paths;
    }, {}),
  });
  return { ...cached, servers: [{ url: serverUrl }] };
}

import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from "zod-openapi";
import { STATUS_OF, type ErrorCode } from "@/lib/http/errors";
import { OPERATIONS, type Operation } from "./operations";
import { problemSchema } from "./schemas";

const SECURITY_SCHEMES = {
  bearer: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from login, refresh, confirm-account or switch-org.",
  },
  apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "An organization's API key; acts for that organization only." },
  cookie: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser session of the app's pages." },
} as const;

const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer" as const } } };

/** Problem responses by status, each naming the codes it may carry. */
function problemResponses(op: Operation) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const error of [...op.errors, "internal_error" as const]) {
    const [code, status] = typeof error === "string" ? [error, STATUS_OF[error]] : error;
    const codes = byStatus.get(status) ?? [];
    if (!codes.includes(code)) byStatus.set(status, [...codes, code]);
  }
  return [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, codes]): [string, ZodOpenApiResponseObject] => [
      String(status),
      {
        description: `Problem: ${codes.map((c) => `\`${c}\``).join(", ")}`,
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
        content: { "application/problem+json": { schema: problemSchema } },
      },
    ]);
}

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [op.success.status]: {
      description: op.success.description,
      ...(op.success.schema
        ? { content: { "application/json": { schema: op.success.schema } } }
        : op.success.mediaType
          ? { content: { [op.success.mediaType]: {} } }
          : {}),
    },
    ...Object.fromEntries((op.alternatives ?? []).map((alt) => [alt.status, { description: alt.description }])),
    ...Object.fromEntries(problemResponses(op)),
  };
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    // `{}` in the list makes credentials optional (OpenAPI 3.1 §4.8.10).
    security: op.optionalSecurity
      ? [{}, ...op.optionalSecurity.map((scheme) => ({ [scheme]: [] }))]
      : op.security.map((scheme) => ({ [scheme]: [] })),
    ...(op.params || op.query
      ? { requestParams: { ...(op.params ? { path: op.params } : {}), ...(op.query ? { query: op.query } : {}) } }
      : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
    responses: responses as ZodOpenApiOperationObject["responses"],
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
      // The repository names no open-source license; until its owners choose one, say so plainly.
      license: { name: "Proprietary (all rights reserved)", identifier: "LicenseRef-Proprietary" },
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

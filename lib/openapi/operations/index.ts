import type * as z from "zod";
import type { ErrorCode } from "@/lib/http/errors";
import * as orgs from "@/lib/validation/organizations";
import { ACCOUNTS } from "./accounts";
import { ADMIN } from "./admin";
import { OAUTH_CLIENTS } from "./oauth-clients";
import { API_KEYS } from "./api-keys";
import { AUDIT_LOG } from "./audit-log";
import { INVITATIONS } from "./invitations";
import { MEMBERS } from "./members";
import { ORGANIZATIONS } from "./organizations";
import { PASSKEYS } from "./passkeys";
import { PASSWORDS } from "./passwords";
import { PROFILE } from "./profile";
import { SECOND_FACTORS } from "./second-factors";
import { SERVICE } from "./service";
import { SESSIONS } from "./sessions";
import { SSO } from "./sso";
import { SSO_SIGN_IN } from "./sso-sign-in";
import { TOKENS } from "./tokens";
import { WEBHOOKS } from "./webhooks";

// Every endpoint of the API, one row each, in one file per tag beside this one. The rows are read
// twice: `OPERATIONS` expands them into what document.ts renders, and the route wrapper
// (lib/http/route.ts) takes its auth, body, query and params from `requestSpec(key)`, so a route
// cannot accept what its document does not describe. tests/integration/openapi.test.ts fails when
// a route file implements a method that is not listed here (or the reverse), or serves it with a
// handler built from another row; tests/support/api.ts checks every response the integration
// tests receive against the document built from these rows.
//
// What every row would otherwise repeat is derived once, here:
// - `auth` gives the security schemes and the 401s; a body gives 400/413/415/422; path or query
//   parameters give 422; every operation may answer 503 when the database is unreachable.
// - `/api/organizations/{orgId}/…` rows get their path and `?org=` parameters from the path's
//   placeholders, the note on `current`, and the organization errors (401/403/404).

export type Security = "bearer" | "apiKey" | "cookie";
type Method = "get" | "post" | "put" | "patch" | "delete";
type Tag =
  | "Accounts"
  | "Tokens"
  | "Sessions"
  | "Profile"
  | "Passwords"
  | "Organizations"
  | "Members"
  | "Invitations"
  | "API keys"
  | "Audit log"
  | "Webhooks"
  | "Service"
  | "Second factors"
  | "Passkeys"
  | "Single sign-on"
  | "Administration";

/** An error the operation may answer: its code, with the status when it differs from the usual one. */
export type DescribedError = ErrorCode | readonly [ErrorCode, number];

/** One operation, as document.ts renders it. */
export interface Operation {
  method: Method;
  path: string;
  tag: Tag;
  summary: string;
  description: string;
  /** Credentials the operation requires (one of them); empty: public. */
  security: Security[];
  /** Credentials a public operation uses when they are sent. */
  optionalSecurity?: Security[];
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  success: { status: number; description: string; schema?: z.ZodType; mediaType?: string };
  /** Other answers that are not errors (a redirect for browsers). */
  alternatives?: readonly { status: number; description: string }[];
  errors: DescribedError[];
}

/** One row of the table: only what is particular to the operation. */
export interface Row {
  summary: string;
  description: string;
  /**
   * user: a person (Bearer or the browser session); any: also an organization's API key;
   * optional: public, but a person's credentials are used (and checked) when sent. Omitted: public.
   */
  auth?: "user" | "any" | "optional";
  /**
   * With auth "user": an API key is still authenticated, and the operation itself refuses it (403
   * `forbidden`, as the contract says of a key creating keys) instead of the wrapper's 401. The
   * document lists only the credentials that can succeed, so it does not change.
   */
  apiKey?: "refused_by_operation";
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** [status, description, body schema]; no schema: no body. */
  ok: readonly [number, string, z.ZodType?];
  /** A success body that is not JSON (and has no schema), e.g. SAML metadata XML. */
  mediaType?: string;
  alternatives?: Operation["alternatives"];
  errors?: readonly DescribedError[];
  /** Reads no database, so never answers 503. */
  offline?: true;
}

/** `"post /api/auth/login"`, or `"patch put /api/auth/profile"` for one operation served under two methods. */
type Key = `${Method} ${string}`;
/** A tag file's rows; each file writes them `as const satisfies Rows`, so every key keeps its own schemas' types. */
export type Rows = Record<Key, Row>;

const SECURITY = { user: ["bearer", "cookie"], any: ["bearer", "apiKey", "cookie"], optional: ["bearer", "cookie"] } satisfies Record<
  NonNullable<Row["auth"]>,
  Security[]
>;
const ORG_PATH = "/api/organizations/{orgId}";
// mfa_*: the organization requires two factors (403 to a member without one, or a session at aal1).
// sso_required: the organization enforces SSO and the session did not come through its IdP.
const ORG_ERRORS: ErrorCode[] = ["forbidden", "not_a_member", "not_found", "mfa_required", "mfa_enrollment_required", "sso_required"];
const CURRENT_NOTE =
  " `{orgId}` is an organization id, or `current`: then the `X-Organization-Id` header, else `?org=<slug>`, else the token's active organization (an API key's own organization). Naming an organization never widens access.";
/** Path parameters of the organization routes, by the placeholders after `{orgId}`. */
const ORG_PARAMS = {
  "": orgs.orgParamsSchema,
  userId: orgs.orgMemberParamsSchema,
  id: orgs.orgItemParamsSchema,
} as const satisfies Record<string, z.ZodObject>;

// In the document's order.
const TABLE = {
  Accounts: ACCOUNTS,
  Tokens: TOKENS,
  Sessions: SESSIONS,
  Profile: PROFILE,
  Passwords: PASSWORDS,
  Organizations: ORGANIZATIONS,
  Members: MEMBERS,
  Invitations: INVITATIONS,
  "API keys": API_KEYS,
  "Audit log": AUDIT_LOG,
  Webhooks: WEBHOOKS,
  Service: SERVICE,
  "Second factors": SECOND_FACTORS,
  Passkeys: PASSKEYS,
  "Single sign-on": { ...SSO, ...SSO_SIGN_IN },
  Administration: { ...ADMIN, ...OAUTH_CLIENTS },
} satisfies Record<Tag, Rows>;

function split(key: string) {
  const words = key.split(" ");
  const path = words.pop()!;
  return { methods: words as Method[], path };
}

function organizationParams(path: string) {
  const placeholder = /\{(\w+)\}$/.exec(path.slice(ORG_PATH.length))?.[1] ?? "";
  const schema = (ORG_PARAMS as Record<string, z.ZodObject>)[placeholder];
  if (!schema) throw new Error(`${path}: give the row its params (no shared schema for {${placeholder}})`);
  return schema;
}

// The request schemas of a row, with what organization routes get by their path: the document
// and the route wrapper both read them from here.
const paramsOf = (path: string, row: Row) => row.params ?? (path.startsWith(ORG_PATH) ? organizationParams(path) : undefined);
const queryOf = (path: string, row: Row) => row.query ?? (path.startsWith(ORG_PATH) ? orgs.orgQuerySchema : undefined);

const needsOwnProof = (row: Row) =>
  !row.errors?.includes("forbidden") && (row.errors ?? []).some((e) => e === "reauthentication_required" || e === "incorrect_password");

function expand(tag: Tag, key: Key, row: Row): Operation[] {
  const { methods, path } = split(key);
  const inOrganization = path.startsWith(ORG_PATH);
  const params = paramsOf(path, row);
  const query = queryOf(path, row);
  const errors: DescribedError[] = [
    ...(row.auth ? (["unauthorized", "token_expired"] as const) : []),
    ...(row.body ? (["invalid_json", "payload_too_large", "unsupported_media_type"] as const) : []),
    ...(row.body || params || query ? (["validation_failed"] as const) : []),
    ...(inOrganization ? ORG_ERRORS : []),
    ...(row.errors ?? []),
    // What needs the person's own proof (a password re-check, the step-up window) is refused to
    // an impersonation session (lib/auth/impersonation.ts), whatever else the row may answer.
    ...(needsOwnProof(row) ? (["forbidden"] as const) : []),
    "method_not_allowed",
    ...(row.offline ? [] : (["service_unavailable"] as const)), // the database cannot be reached
  ];
  return methods.map((method) => ({
    method,
    path,
    tag,
    summary: row.summary,
    description: row.description + (inOrganization ? CURRENT_NOTE : ""),
    security: row.auth && row.auth !== "optional" ? SECURITY[row.auth] : [],
    ...(row.auth === "optional" ? { optionalSecurity: SECURITY.optional } : {}),
    ...(row.body ? { body: row.body } : {}),
    ...(params ? { params } : {}),
    ...(query ? { query } : {}),
    success: {
      status: row.ok[0],
      description: row.ok[1],
      ...(row.ok[2] ? { schema: row.ok[2] } : {}),
      ...(row.mediaType ? { mediaType: row.mediaType } : {}),
    },
    ...(row.alternatives ? { alternatives: row.alternatives } : {}),
    errors,
  }));
}

export const OPERATIONS: Operation[] = Object.entries(TABLE).flatMap(([tag, rows]) =>
  Object.entries(rows).flatMap(([key, row]) => expand(tag as Tag, key as Key, row)),
);

// ---- The rows by key, for the route wrapper ----

type Merged<U> = (U extends unknown ? (u: U) => void : never) extends (merged: infer M) => void ? M : never;
type AllRows = Merged<(typeof TABLE)[Tag]>;
/** A row's key, such as `"post /api/auth/login"`. */
export type OperationKey = keyof AllRows & string;

const ROWS = new Map<string, Row>();
for (const rows of Object.values(TABLE) as Rows[]) {
  for (const [key, row] of Object.entries(rows)) {
    if (ROWS.has(key)) throw new Error(`lib/openapi/operations: "${key}" is listed twice`);
    ROWS.set(key, row);
  }
}

type WrapperAuth = "none" | "optional" | "user" | "any";
type PathOf<K extends string> = K extends `${string} /${infer P}` ? `/${P}` : never;
type OrgTail<K extends string> = PathOf<K> extends `${typeof ORG_PATH}${infer Tail}` ? Tail : never;
type OrgPlaceholder<Tail extends string> = Tail extends `${string}{${infer Name}}` ? Name : "";
type InOrganization<K extends string> = [OrgTail<K>] extends [never] ? false : true;

/** What the route wrapper applies for `K`, typed per key: `body` is that row's own schema. */
export interface RequestSpecOf<K extends OperationKey> {
  auth: AllRows[K] extends { apiKey: "refused_by_operation" }
    ? "any"
    : AllRows[K] extends { auth: infer A extends WrapperAuth }
      ? A
      : "none";
  body: AllRows[K] extends { body: infer B extends z.ZodType } ? B : undefined;
  query: AllRows[K] extends { query: infer Q extends z.ZodObject }
    ? Q
    : InOrganization<K> extends true
      ? typeof orgs.orgQuerySchema
      : undefined;
  params: AllRows[K] extends { params: infer P extends z.ZodObject }
    ? P
    : InOrganization<K> extends true
      ? (typeof ORG_PARAMS)[OrgPlaceholder<OrgTail<K>> & keyof typeof ORG_PARAMS]
      : undefined;
}

/**
 * The auth and request schemas of the operation `key`, as its document describes them (an
 * `apiKey: "refused_by_operation"` row lets a key through to be refused there).
 */
export function requestSpec<K extends OperationKey>(key: K): RequestSpecOf<K> {
  const row = ROWS.get(key);
  if (!row) throw new Error(`lib/openapi/operations has no operation "${key}"`);
  if (row.apiKey && row.auth !== "user") throw new Error(`"${key}": apiKey: "refused_by_operation" goes with auth "user" only`);
  const { path } = split(key);
  return {
    auth: row.apiKey ? "any" : (row.auth ?? "none"),
    body: row.body,
    query: queryOf(path, row),
    params: paramsOf(path, row),
  } as RequestSpecOf<K>;
}

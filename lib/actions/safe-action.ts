import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import * as z from "zod";
import { requireInstanceAdmin, type AdminPrincipal } from "@/lib/admin/access";
import type { Principal } from "@/lib/auth/principal";
import { authenticateBrowserSession } from "@/lib/auth/browser-session";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { withActingScope } from "@/lib/events/acting";
import { clientInfo, type ClientInfo } from "@/lib/http/client-info";
import { ApiError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { requireOrganizationAccess, type OrganizationAccess } from "@/lib/organizations/context";
import type { Action, Resource } from "@/lib/organizations/permissions";
import { adminUserParamsSchema } from "@/lib/validation/admin";
import { echoableValues, formDataToInput } from "./form-input";
import type { ActionResult, FormState } from "./result";

// The one wrapper every server action goes through, in layers (public → signed in →
// organization member with a permission; signed in → instance admin). Validation with the same zod schema as the route
// handler, authentication from the browser session, and error → form message mapping are
// written here once.
//
// Every wrapped action can be called two ways: with an object (a button, a test), or as a form's
// action through React's useActionState, (previous state, FormData). The second is what makes a
// form post to the server before any script has run, or with JavaScript off: the browser sends
// it as a POST, Next runs the action, and the page renders again with its answer (or follows
// its redirect). components/form/use-action-form.ts is the one place forms use it.

type UserPrincipal = Extract<Principal, { kind: "user" }>;

export interface PublicContext {
  client: ClientInfo;
  request: Request;
}
export interface UserContext extends PublicContext {
  principal: UserPrincipal;
}
export interface OrgContext extends UserContext {
  access: OrganizationAccess;
}
export interface InstanceAdminContext extends PublicContext {
  admin: AdminPrincipal;
}
export interface AdminContext extends InstanceAdminContext {
  /** The account the action is about (bound by the admin page). */
  userId: string;
}

/** The action's request as a Request, so the route handlers' helpers (client info, cookie) apply. */
export async function actionRequest(): Promise<Request> {
  return new Request("http://localhost/", { headers: new Headers(await headers()) });
}

const SESSION_ENDED = "Your session has ended. Sign in again to continue.";
const UNAVAILABLE = "The service is temporarily unavailable. Please try again in a moment.";

export async function currentPrincipal(request: Request): Promise<UserPrincipal | null> {
  try {
    return await authenticateBrowserSession(request);
  } catch (error) {
    if (error instanceof ApiError && error.code === "unauthorized") return null;
    throw error;
  }
}

export function toActionError(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
    return { ok: false, code: "validation_failed", fieldErrors, formError: "Please correct the highlighted fields." };
  }
  if (error instanceof ApiError) {
    const fieldErrors = error.options.errors
      ? Object.fromEntries(Object.entries(error.options.errors).map(([k, v]) => [k, v[0] ?? error.message]))
      : undefined;
    if (error.code === "unauthorized") return { ok: false, code: error.code, formError: SESSION_ENDED };
    if (error.code === "rate_limited") {
      const seconds = Number(error.options.headers?.["retry-after"] ?? 0);
      const wait = seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : seconds > 0 ? `${seconds} seconds` : "a moment";
      return { ok: false, code: error.code, formError: `Too many attempts. Please wait ${wait} and try again.` };
    }
    return { ok: false, code: error.code, formError: error.message, fieldErrors };
  }
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", { error: error instanceof Error ? error : String(error) });
    return { ok: false, code: "service_unavailable", formError: UNAVAILABLE };
  }
  log.error("server_action_failed", { error: error instanceof Error ? error : String(error) });
  return { ok: false, code: "internal_error", formError: "Something went wrong on our side. Please try again." };
}

/** A wrapped action: called with an object, or as a form's action (see the top of this file). */
export interface SafeAction<T> {
  (input: unknown): Promise<ActionResult<T>>;
  (previous: FormState<T>, form: FormData): Promise<ActionResult<T>>;
}

/** An organization action: the same two ways, after the organization's id (bound by the form). */
export interface OrgSafeAction<T> {
  (orgId: string, input: unknown): Promise<ActionResult<T>>;
  (orgId: string, previous: FormState<T>, form: FormData): Promise<ActionResult<T>>;
}

/** An instance admin's action on one account: the same two ways, after the account's id (bound by the page). */
export interface AdminSafeAction<T> {
  (userId: string, input: unknown): Promise<ActionResult<T>>;
  (userId: string, previous: FormState<T>, form: FormData): Promise<ActionResult<T>>;
}

/** The input of either call shape: the object, or the posted form read as one. */
function inputOf(args: unknown[], schema: z.ZodType): { input: unknown; posted: boolean } {
  const last = args.length > 1 ? args[1] : args[0];
  if (last instanceof FormData) return { input: formDataToInput(last, schema), posted: true };
  return { input: last, posted: false };
}

async function run<T>(
  schema: z.ZodType,
  args: unknown[],
  body: (input: unknown) => Promise<T | ActionResult<T>>,
): Promise<ActionResult<T>> {
  const { input, posted } = inputOf(args, schema);
  let result: ActionResult<T>;
  try {
    const out = await withActingScope(() => body(input));
    if (out && typeof out === "object" && "ok" in out && typeof (out as ActionResult<T>).ok === "boolean") result = out as ActionResult<T>;
    else result = { ok: true, data: out as T };
  } catch (error) {
    // redirect() and notFound() are control flow, not failures.
    unstable_rethrow(error);
    result = toActionError(error);
  }
  // A posted form that failed is shown again as it was typed, secrets left out.
  if (!result.ok && posted && input && typeof input === "object")
    result = { ...result, values: echoableValues(input as Record<string, unknown>, schema) };
  return result;
}

/** Anyone may call it (sign-up, sign-in, forgot password). */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.output<S>, ctx: PublicContext) => Promise<T | ActionResult<T>>,
): SafeAction<T> {
  return async (...args: unknown[]): Promise<ActionResult<T>> =>
    run(schema, args, async (input) => {
      const data = schema.parse(input);
      const request = await actionRequest();
      return fn(data, { request, client: clientInfo(request) });
    });
}

/** The signed-in person behind the call, with its request; null when the session has ended. */
async function signedInCaller(): Promise<UserContext | null> {
  const request = await actionRequest();
  const principal = await currentPrincipal(request);
  return principal ? { request, client: clientInfo(request), principal } : null;
}

const sessionEnded = (): Extract<ActionResult<never>, { ok: false }> => ({ ok: false, code: "unauthorized", formError: SESSION_ENDED });

/** A wrapper whose actions get `caller()`'s context, asked on every call; none means the session has ended. */
const actionsOf =
  <C>(caller: () => Promise<C | null>) =>
  <S extends z.ZodType, T>(schema: S, fn: (input: z.output<S>, ctx: C) => Promise<T | ActionResult<T>>): SafeAction<T> =>
  async (...args: unknown[]): Promise<ActionResult<T>> =>
    run(schema, args, async (input) => {
      const ctx = await caller();
      if (!ctx) return sessionEnded();
      return fn(schema.parse(input), ctx);
    });

/** A signed-in person; the session is checked against the database, not only the cookie. */
export const userAction = actionsOf(signedInCaller);

const orgIdInput = z.object({ orgId: z.string().min(1).max(64) });

/** A member of the organization named by `orgId` in the input, holding `resource:action` there. */
export function orgAction<S extends z.ZodType, T>(
  permission: { resource: Resource; action: Action },
  schema: S,
  fn: (input: z.output<S>, ctx: OrgContext) => Promise<T | ActionResult<T>>,
): OrgSafeAction<T> {
  return async (orgId: string, ...args: unknown[]): Promise<ActionResult<T>> =>
    run(schema, args, async (input) => {
      const caller = await signedInCaller();
      if (!caller) return sessionEnded();
      const ref = orgIdInput.parse({ orgId });
      const access = await requireOrganizationAccess(caller.principal, ref, permission.resource, permission.action);
      return fn(schema.parse(input), { ...caller, access });
    });
}

/**
 * The instance admin behind the call (lib/admin/access.ts: the flag or ADMIN_EMAILS, a second
 * factor, an aal2 session), asked on every call; null when the session has ended. Anyone else is
 * told there is no such thing, as the admin routes answer 404.
 */
async function instanceAdminCaller(): Promise<InstanceAdminContext | null> {
  const caller = await signedInCaller();
  if (!caller) return null;
  return { request: caller.request, client: caller.client, admin: await requireInstanceAdmin(caller.principal) };
}

/** An instance admin acting on the instance itself (its OAuth clients): what it acts on is in the input. */
export const instanceAdminAction = actionsOf(instanceAdminCaller);

/** An instance admin acting on the account `userId` (bound by the admin page). */
export function adminAction<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.output<S>, ctx: AdminContext) => Promise<T | ActionResult<T>>,
): AdminSafeAction<T> {
  return async (userId: string, ...args: unknown[]): Promise<ActionResult<T>> =>
    run(schema, args, async (input) => {
      const caller = await instanceAdminCaller();
      if (!caller) return sessionEnded();
      const target = adminUserParamsSchema.parse({ userId });
      return fn(schema.parse(input), { ...caller, userId: target.userId });
    });
}

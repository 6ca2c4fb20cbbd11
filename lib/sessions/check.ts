import "server-only";
import { sessionCheck, sessionCheckWithProfile, touchSession, type SessionCheckRow } from "@/lib/db/statements/auth-sessions";
import { sessionCheckWithOrganizationRead, type OrganizationRead, type OrganizationReadFound } from "@/lib/db/statements/organizations";
import type pg from "pg";
import { standingOf } from "@/lib/auth/admin-standing";
import { config } from "@/lib/config/env";
import { adminStandingRow, type ProfileRow } from "@/lib/db/statements/users";
import { noteImpersonation } from "@/lib/events/acting";
import { ApiError } from "@/lib/http/errors";
import { db } from "@/lib/db/client";
import { aalOf, type Assurance } from "./assurance";
import { revokeSession } from "./end";

// The per-request check behind every access token and browser cookie: one primary-key lookup, no
// cache, so a revocation on any instance takes effect on the very next request everywhere.

export interface ActiveSession {
  id: string;
  userId: string;
  organizationId: string | null;
  stepUpUntil: Date | null;
  amr: string[];
  aal: Assurance["aal"];
  /** The instance admin acting as the user, when this is an impersonation session. */
  impersonatorId: string | null;
  /** The organization whose identity provider opened this session (SSO), if any. */
  ssoOrganizationId: string | null;
  /** When the person signed in (the session began): what an OpenID client's max_age compares. */
  signedInAt: Date;
}

const ended = () => new ApiError("unauthorized", "This session has ended; sign in again.");

function admit(row: SessionCheckRow | undefined, userId: string): ActiveSession {
  if (!row || row.userId !== userId || row.revokedAt || !row.live) throw ended();
  // lastUsedAt is written at most once a minute per session, after the answer's read.
  if (row.stale) void touchSession(row.id).catch(() => {});
  if (row.impersonatedById) noteImpersonation(row.userId, row.impersonatedById);
  return {
    id: row.id,
    userId: row.userId,
    organizationId: row.organizationId,
    stepUpUntil: row.stepUpUntil,
    amr: row.amr ?? [],
    aal: aalOf(row.aal),
    impersonatorId: row.impersonatedById ?? null,
    ssoOrganizationId: row.ssoOrganizationId ?? null,
    signedInAt: row.createdAt,
  };
}

export async function requireActiveSession(sessionId: string, userId: string): Promise<ActiveSession> {
  return impersonatorStillAdmin(admit(await sessionCheck(sessionId), userId));
}

/**
 * An impersonation lives only while the admin behind it is one: disabled, the grant revoked, the
 * listing gone or the address changed, and it ends on its next request, for good: the session is
 * revoked, so standing regained later does not bring it back. One more read, for impersonation
 * sessions only.
 */
async function impersonatorStillAdmin(session: ActiveSession): Promise<ActiveSession> {
  if (session.impersonatorId && standingOf(await adminStandingRow(session.impersonatorId), config().ADMIN_EMAILS) !== "admin") {
    await revokeSession(db(), session.id, "impersonator_not_admin");
    throw ended();
  }
  return session;
}

/**
 * The check and the caller's profile in one statement (GET /api/auth/profile). The profile is
 * read only for the token's own, unrevoked session, and handed back only after every check passed.
 */
export async function requireSessionWithProfile(
  sessionId: string,
  userId: string,
): Promise<{ session: ActiveSession; profile: ProfileRow | undefined }> {
  const found = await sessionCheckWithProfile(sessionId, userId);
  const session = await impersonatorStillAdmin(admit(found?.session, userId));
  return { session, profile: found?.profile };
}

/**
 * The check and an organization read in one statement (the members list with a Bearer token:
 * HandlerOptions.organizationRead). What the read found is handed back only after the session
 * passed every check; lib/organizations/context.ts then admits the caller to the organization
 * exactly as it does on its own read.
 */
export async function requireSessionWithOrganizationRead<Row extends pg.QueryResultRow>(
  sessionId: string,
  userId: string,
  named: string,
  read: OrganizationRead<Row>,
): Promise<{ session: ActiveSession; found: OrganizationReadFound<Row> }> {
  const result = await sessionCheckWithOrganizationRead(sessionId, userId, named, read);
  const session = await impersonatorStillAdmin(admit(result?.session, userId));
  return { session, found: result!.found };
}

/** The check, with the profile when asked for (the route wrapper's `withProfile`). */
export async function checkSession(
  sessionId: string,
  userId: string,
  withProfile = false,
): Promise<{ session: ActiveSession; profile: ProfileRow | undefined }> {
  if (withProfile) return requireSessionWithProfile(sessionId, userId);
  return { session: await requireActiveSession(sessionId, userId), profile: undefined };
}

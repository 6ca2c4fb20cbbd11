import "server-only";
import { oidcGrantSession } from "@/lib/db/statements/oidc";
import { requireMembership } from "@/lib/organizations/context";

// The `organization` scope's claims: the active organization of the browser session a grant is
// bound to, and the person's role there, read where the claims are built (the membership row, not
// a token) through the same requireMembership as the organization's own pages and API. So they
// say only what the organization itself would honour for that session right now: nothing once
// the person left, and nothing while its rules refuse the session (two-factor required and not
// used, single sign-on enforced and the session not opened by its identity provider).

export async function organizationClaims(grantId: string | undefined, userId: string): Promise<{ org_id?: string; org_role?: string }> {
  if (!grantId) return {};
  const session = await oidcGrantSession(grantId);
  if (!session?.organizationId || session.userId !== userId) return {};
  try {
    const access = await requireMembership(
      {
        kind: "user",
        userId,
        sessionId: session.sessionId,
        organizationId: session.organizationId,
        stepUpUntil: null,
        aal: session.aal === "aal2" ? "aal2" : "aal1",
        via: "cookie",
        ssoOrganizationId: session.ssoOrganizationId,
      },
      { orgId: session.organizationId },
    );
    return access.role ? { org_id: access.organization.id, org_role: access.role } : {};
  } catch {
    return {};
  }
}

import "server-only";
import { ApiError } from "@/lib/http/errors";
import { enrolPath, raisePath } from "@/lib/mfa/enrol-redirect";

// Where a browser goes when an organization's policy refuses its session, instead of an error
// page: to set up a second factor, to raise this session with it, or to sign in through the
// organization's identity provider, each coming back to `back` (a path on this site). Shared by
// the organization pages (lib/auth/org-page.ts) and the OpenID Provider's interaction.

/** The organization's /sso start (the problem's ssoUrl) as a path on this site, returning to `back`. */
function ssoPath(error: ApiError, back: string): string {
  const url = new URL(String(error.options.extensions?.ssoUrl ?? "/sso"), "http://localhost");
  url.searchParams.set("returnTo", back);
  return `${url.pathname}${url.search}`;
}

/** The detour for a policy refusal of `organizationId`, or null when `error` is not one. */
export function policyDetour(error: unknown, organizationId: string, back: string): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === "mfa_enrollment_required") return enrolPath(organizationId);
  if (error.code === "mfa_required") return raisePath(organizationId, back);
  // Enforced single sign-on and a session its IdP did not open: sign in through the IdP, back here.
  if (error.code === "sso_required") return ssoPath(error, back);
  return null;
}

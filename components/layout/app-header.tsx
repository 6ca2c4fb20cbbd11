import { Brand } from "@/components/ui/brand";
import type { Profile } from "@/lib/accounts/profile";
import { outboxIsReadable } from "@/lib/mail/outbox";
import { signOutAction } from "./actions";
import { NavLink } from "./nav-link";
import { OrgSwitcher } from "./org-switcher";
import { SignOutButton } from "./sign-out-button";

/** `admin`: the person is an instance admin (the Admin link; the /admin pages check again). */
export function AppHeader({ profile, admin = false }: { profile: Profile | null; admin?: boolean }) {
  const active = profile?.activeOrganizationId ?? null;
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="app-header-inner">
        <Brand href={profile ? "/profile" : "/"} />
        <nav className="app-nav" aria-label="Main">
          {profile && (
            <>
              <NavLink href="/profile">Profile</NavLink>
              <NavLink href="/organizations" exact>
                Organizations
              </NavLink>
              {active && <NavLink href={`/organizations/${active}`}>Team</NavLink>}
              {admin && <NavLink href="/admin">Admin</NavLink>}
            </>
          )}
          {outboxIsReadable() && <NavLink href="/dev/outbox">Mail outbox</NavLink>}
        </nav>
        {profile ? (
          <div className="header-actions">
            <OrgSwitcher organizations={profile.organizations} activeId={active} />
            <form action={signOutAction}>
              <SignOutButton />
            </form>
          </div>
        ) : (
          <div className="header-actions">
            <a className="btn btn-secondary btn-small" href="/login">
              Sign in
            </a>
            <a className="btn btn-primary btn-small" href="/signup">
              Create account
            </a>
          </div>
        )}
      </div>
    </header>
  );
}

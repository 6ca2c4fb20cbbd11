import type { Metadata } from "next";
import { listActiveSessions } from "@/lib/sessions/list";
import { listLinkedAccounts, PROVIDER_NAMES } from "@/lib/auth/linked-accounts";
import { enabledOAuthProviders } from "@/lib/sign-in/doors/oauth";
import { db } from "@/lib/db/client";
import { currentProfile, requirePageUser } from "@/lib/auth/page-session";
import { deviceName, formatDateTime } from "@/lib/format";
import { mfaStatus } from "@/lib/mfa/factors";
import { listPasskeys } from "@/lib/passkeys/manage";
import { stepUpOpen } from "@/lib/mfa/form-step-up";
import { organizationRequiringMfa } from "@/lib/mfa/enrol-redirect";
import { ChangePasswordForm, EmailForm, NameForm } from "./profile-forms";
import { ConnectedAccounts } from "./connected-accounts";
import { PasskeysPanel } from "./passkeys-panel";
import { SecurityPanel } from "./security-panel";
import { SessionsList } from "./sessions-list";
import { ApplicationsList } from "./applications-list";
import { listConsents } from "@/lib/oauth/consents";
import { SCOPE_DESCRIPTIONS } from "@/lib/oidc/consent";

export const metadata: Metadata = { title: "Your profile" };

/** Why connecting a provider was refused (lib/auth/oauth.ts sends the browser back with one). */
const LINK_ERRORS: Record<string, string> = {
  reauthentication_required: "Confirm your password again to connect an account: the check is valid for a few minutes only.",
  oauth_account_in_use: "That account is already connected to another account, or another account of that provider is connected here.",
  mfa_required: "This session was opened without your second factor: confirm it (Two-factor authentication) before connecting an account.",
  oauth_unverified_email: "That account's email address is not verified with the provider. Verify it there first.",
};

export default async function ProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const principal = await requirePageUser("/profile");
  const { profile } = (await currentProfile())!;
  const { emailChanged, linked, linkError, mfaRequiredBy } = await searchParams;
  const sessions = await listActiveSessions(principal.userId, principal.sessionId);
  const [linkedAccounts, withPassword] = await Promise.all([
    listLinkedAccounts(principal.userId),
    db().user.count({ where: { id: principal.userId, passwordHash: { not: null } } }),
  ]);
  const availableProviders = enabledOAuthProviders().filter((p) => !linkedAccounts.some((a) => a.provider === p.id));
  const [mfa, passkeys, consents] = await Promise.all([
    mfaStatus(principal.userId),
    listPasskeys(principal.userId),
    listConsents(principal.userId),
  ]);
  // Sent here by an organization that requires a second factor (lib/auth/org-page.ts).
  const requiring = mfa.enabled ? null : await organizationRequiringMfa(principal.userId, mfaRequiredBy);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your profile</h1>
          <p className="muted">
            Signed in as <strong>{profile.email}</strong>
            {profile.emailVerified ? "" : " (not confirmed)"}
          </p>
        </div>
      </div>
      {emailChanged && (
        <div className="alert alert-success" role="status" style={{ marginBottom: "1.25rem" }}>
          Your new email address is confirmed.
        </div>
      )}
      {linked && PROVIDER_NAMES[linked] && linkedAccounts.some((a) => a.provider === linked) && (
        <div className="alert alert-success" role="status" style={{ marginBottom: "1.25rem" }}>
          {PROVIDER_NAMES[linked]} is now connected to your account.
        </div>
      )}
      {linkError && (
        <div className="alert alert-error" role="alert" style={{ marginBottom: "1.25rem" }}>
          {LINK_ERRORS[linkError] ?? "That account could not be connected."}
        </div>
      )}
      {requiring && (
        <div className="alert alert-error" role="alert" style={{ marginBottom: "1.25rem" }}>
          <strong>{requiring.name}</strong> requires two-factor authentication of its members, so that a stolen password alone cannot open
          it. Set up an authenticator app or a passkey below to continue to <a href={`/organizations/${requiring.id}`}>{requiring.name}</a>.
        </div>
      )}
      <div className="grid-2">
        <section className="card" id="security" aria-labelledby="security-heading">
          <h2 id="security-heading">Two-factor authentication</h2>
          {/* The app's own panel: passkeys (below) are a factor too, but not an authenticator app. */}
          <SecurityPanel
            enabled={mfa.totp}
            firstFactor={!mfa.enabled}
            recoveryCodesLeft={mfa.recoveryCodesLeft}
            stepUpOpen={stepUpOpen(principal)}
            mfaRequiredBy={requiring?.name ?? null}
          />
        </section>
        <section className="card" id="passkeys" aria-labelledby="passkeys-heading">
          <h2 id="passkeys-heading">Passkeys</h2>
          <p className="small muted">
            Sign in with your device&apos;s screen lock, fingerprint or security key instead of a password. A passkey also counts as your
            second factor.
            {!mfa.totp && passkeys.items.length > 0 && ` ${mfa.recoveryCodesLeft} recovery codes left.`}
          </p>
          <PasskeysPanel
            stepUpOpen={stepUpOpen(principal)}
            mfaEnabled={mfa.enabled}
            passkeys={passkeys.items.map((p) => ({
              id: p.id,
              name: p.name,
              created: formatDateTime(p.createdAt),
              lastUsed: formatDateTime(p.lastUsedAt),
              synced: p.backedUp,
            }))}
          />
        </section>
        <section className="card" aria-labelledby="name-heading">
          <h2 id="name-heading">Name</h2>
          <NameForm name={profile.name} />
        </section>
        <section className="card" aria-labelledby="email-heading">
          <h2 id="email-heading">Email address</h2>
          <EmailForm email={profile.email} />
        </section>
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Password</h2>
          <p className="small muted">Changing your password signs out every other device.</p>
          <ChangePasswordForm />
        </section>
        <section className="card" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Active sessions</h2>
          <p className="small muted">Devices and apps signed in to your account. Revoke any you do not recognise.</p>
          <SessionsList
            sessions={sessions.map((s) => ({
              id: s.id,
              current: s.current,
              ip: s.ip,
              device: deviceName(s.userAgent),
              lastUsed: formatDateTime(s.lastUsedAt),
              started: formatDateTime(s.createdAt),
            }))}
          />
        </section>
        <section className="card" aria-labelledby="connected-heading">
          <h2 id="connected-heading">Connected accounts</h2>
          <p className="small muted">Providers you can sign in with. We email you whenever one is connected or removed.</p>
          <ConnectedAccounts
            linked={linkedAccounts}
            available={availableProviders}
            hasPassword={withPassword > 0}
            stepUpOpen={stepUpOpen(principal)}
          />
        </section>
        <section className="card" aria-labelledby="applications-heading">
          <h2 id="applications-heading">Applications</h2>
          <p className="small muted">Applications you allowed to sign you in. Removing one signs it out and it asks again next time.</p>
          <ApplicationsList
            applications={consents.map((consent) => ({
              clientId: consent.clientId,
              name: consent.clientName,
              access: consent.scopes.map((scope) => SCOPE_DESCRIPTIONS[scope] ?? scope),
              since: formatDateTime(consent.grantedAt),
            }))}
          />
        </section>
      </div>
    </>
  );
}

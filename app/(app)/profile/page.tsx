import type { Metadata } from "next";
import { listActiveSessions } from "@/lib/auth/sessions";
import { currentProfile, requirePageUser } from "@/lib/auth/page-session";
import { deviceName, formatDateTime } from "@/lib/format";
import { ChangePasswordForm, EmailForm, NameForm } from "./profile-forms";
import { SessionsList } from "./sessions-list";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const principal = await requirePageUser("/profile");
  const { profile } = (await currentProfile())!;
  const { emailChanged } = await searchParams;
  const sessions = await listActiveSessions(principal.userId, principal.sessionId);
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
      <div className="grid-2">
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
      </div>
    </>
  );
}

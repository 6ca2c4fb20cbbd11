import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Brand } from "@/components/ui/brand";
import { outboxIsReadable, readOutbox } from "@/lib/mail/outbox";

export const metadata: Metadata = { title: "Development mail outbox", robots: { index: false } };
export const dynamic = "force-dynamic";

// Local runs only (MAIL_OUTBOX_UI=true and no RESEND_API_KEY), and only for a browser on the same
// machine as the launcher: the mail the app would have sent, so a developer can read codes and
// links. For anyone else, and anywhere else, this page does not exist.
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!outboxIsReadable()) notFound();
  const { to } = await searchParams;
  const emails = await readOutbox({ to: to || undefined, limit: 50 });
  return (
    <div className="app-main" style={{ maxWidth: 900 }}>
      <div className="page-header">
        <div>
          <Brand />
          <h1 style={{ marginTop: "1rem" }}>Mail outbox</h1>
          <p className="muted">
            Development only. JSON for scripts: <code>/dev/outbox/latest?to=&lt;email&gt;</code>
          </p>
        </div>
        <form className="row" method="get">
          <label htmlFor="outbox-to" className="visually-hidden">
            Filter by recipient
          </label>
          <input id="outbox-to" name="to" type="email" placeholder="Filter by recipient" defaultValue={to ?? ""} style={{ width: 260 }} />
          <button className="btn btn-secondary" type="submit">
            Filter
          </button>
        </form>
      </div>
      {emails.length === 0 ? (
        <p className="empty">No messages{to ? ` to ${to}` : ""} yet.</p>
      ) : (
        emails.map((email) => (
          <article key={email.id} className="card" aria-label={email.subject}>
            <div className="row-between">
              <h2 style={{ margin: 0 }}>{email.subject}</h2>
              <span className="small muted">{new Date(email.createdAt).toUTCString()}</span>
            </div>
            <p className="small muted">To: {email.to.join(", ")}</p>
            <pre className="mail-body">{email.text}</pre>
          </article>
        ))
      )}
    </div>
  );
}

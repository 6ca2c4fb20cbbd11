"use client";
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Brand } from "@/components/ui/brand";

// What a person sees when a page fails on the server: most often the database is briefly out
// of reach (restart, failover, a pooler at its limit). Next hides the cause in production, so
// the page stays calm and offers a retry; the server log has the details (a "database
// unavailable" warning for an outage).
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const retry = () =>
    startTransition(() => {
      // Re-run the server components, then re-render this segment with their fresh output.
      router.refresh();
      reset();
    });
  return (
    <div className="auth-shell">
      <Brand />
      <main id="main" className="auth-card">
        <section className="card">
          <h1>Temporarily unavailable</h1>
          <p className="muted">
            We could not load this page just now. This is on our side and usually passes within a minute; nothing you entered has been lost.
          </p>
          <button type="button" className="btn btn-primary" onClick={retry}>
            Try again
          </button>
        </section>
      </main>
    </div>
  );
}

import Link from "next/link";
import { Brand } from "@/components/ui/brand";

export default function NotFound() {
  return (
    <div className="auth-shell">
      <Brand />
      <main id="main" className="auth-card">
        <section className="card">
          <h1>Page not found</h1>
          <p className="muted">This page does not exist, or you do not have access to it.</p>
          <Link className="btn btn-primary" href="/profile">
            Go to your profile
          </Link>
        </section>
      </main>
    </div>
  );
}

import Link from "next/link";
import { redirect } from "next/navigation";
import { Brand } from "@/components/ui/brand";
import { pagePrincipal } from "@/lib/auth/page-session";

export default async function Home() {
  if (await pagePrincipal()) redirect("/profile");
  return (
    <div className="auth-shell">
      <Brand />
      <main id="main" className="auth-card" style={{ maxWidth: 560 }}>
        <section className="card" style={{ textAlign: "center" }}>
          <h1>Sign-in you run yourself</h1>
          <p className="muted">
            Accounts, organizations, API keys and an audit trail, on your own servers. Passwords are hashed with bcrypt, sessions can be
            revoked at once from any device.
          </p>
          <div className="row" style={{ justifyContent: "center", marginTop: "1.25rem" }}>
            <Link className="btn btn-primary" href="/signup">
              Create an account
            </Link>
            <Link className="btn btn-secondary" href="/login">
              Sign in
            </Link>
          </div>
        </section>
      </main>
    </div>
  );
}

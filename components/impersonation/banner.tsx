import { endImpersonationAction } from "./actions";

/** On every signed-in page of an impersonation session: whose account this is, and the way out. */
export function ImpersonationBanner({ email }: { email: string }) {
  return (
    <div className="alert alert-warning impersonation-banner" role="status">
      <form action={endImpersonationAction}>
        <span>
          You are signed in as <strong>{email}</strong>.{" "}
        </span>
        <button type="submit" className="btn btn-secondary btn-small">
          End
        </button>
      </form>
    </div>
  );
}

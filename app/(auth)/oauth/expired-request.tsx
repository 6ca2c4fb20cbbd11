/** What the consent and continue pages show for an interaction that is gone (expired, spent, someone else's). */
export function ExpiredRequest() {
  return (
    <section className="card">
      <h1>This request has expired</h1>
      <p>Go back to the application and sign in again.</p>
    </section>
  );
}

export default function Home() {
  return (
    <main style={{ maxWidth: 640, margin: "4rem auto", padding: "0 1rem" }}>
      <h1>Keystone Auth</h1>
      <p>Self-hosted authentication for Next.js.</p>
    </main>
  );
}

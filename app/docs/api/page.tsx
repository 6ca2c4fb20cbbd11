import type { Metadata } from "next";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference" };

/** The API reference, rendered by Swagger UI from /api/openapi.json (served from node_modules, no CDN). */
export default function ApiReferencePage() {
  return (
    <main style={{ maxWidth: 1100, margin: "0 auto", padding: "1.5rem 1rem" }}>
      <h1 style={{ margin: "0 0 .25rem" }}>API reference</h1>
      <p style={{ color: "var(--muted)", margin: "0 0 1rem" }}>
        Generated from the same schemas that validate requests. Raw document: <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <ApiReference url="/api/openapi.json" />
    </main>
  );
}

/** A client's type as a badge: confidential (has a secret) or public (PKCE only). */
export function ClientKind({ type }: { type: "confidential" | "public" }) {
  return <span className={type === "confidential" ? "badge badge-primary" : "badge"}>{type}</span>;
}

import { PROTECTED_API } from "./protected-api.generated";

// The API operations that need a credential, for the proxy's cheap first check. The table is
// generated from lib/openapi/operations (scripts/protected-api.ts; a unit test fails when it is
// stale) rather than derived here at load: the proxy runs for every page, and importing the
// operations brings every request and response schema with it (zod, the password-strength
// dictionaries): measured on a `next build`, the proxy's bundle grew from 0.2 MB to 2.0 MB, its
// cold load from ~0.14 s to ~0.43 s and its heap from 10 MB to 33 MB, for the same table. A method
// not listed for a path passes through, so the route answers it (405 with Allow), as it would
// with credentials.

export { PROTECTED_API };

const compiled = PROTECTED_API.map((op) => ({
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
  methods: new Set([...op.methods, ...(op.methods.includes("GET") ? ["HEAD"] : [])]),
}));

export const needsCredentials = (method: string, pathname: string) =>
  compiled.some((op) => op.methods.has(method) && op.pattern.test(pathname));

"use client";

import * as z from "zod";

// zod compiles object schemas with `new Function` when it may, and finds out by trying once. Under
// the pages' CSP (no 'unsafe-eval') that try is refused and reported as a violation, harmlessly but
// noisily. In the browser, tell zod up front to interpret instead; the server keeps the fast path.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Rendered once by the root layout, so the setting above runs before any form validates. */
export function CspSafeZod() {
  return null;
}

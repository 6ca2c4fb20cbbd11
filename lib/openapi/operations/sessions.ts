import * as auth from "@/lib/validation/auth";
import * as out from "../schemas";
import type { Rows } from ".";

// The caller's own server-side sessions. Row format: index.ts.
export const SESSIONS = {
  "get /api/auth/sessions": {
    summary: "List my active sessions",
    description: "Every active session of the user, the calling one marked `current`.",
    auth: "user",
    ok: [200, "Sessions.", out.listOf(out.sessionSchema)],
  },
  "delete /api/auth/sessions/{sid}": {
    summary: "Revoke a session",
    description: "Ends one of the caller's sessions (another device, or this one). Another user's session id answers 404.",
    auth: "user",
    params: auth.sessionParamsSchema,
    ok: [204, "Revoked."],
    errors: ["not_found"],
  },
} as const satisfies Rows;

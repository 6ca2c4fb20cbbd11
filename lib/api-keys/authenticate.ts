import "server-only";
import { ApiError } from "@/lib/http/errors";
import type { Principal } from "@/lib/auth/principal";

/** Resolves an X-API-Key header to its organization-scoped principal. */
export async function authenticateApiKey(_key: string): Promise<Extract<Principal, { kind: "api_key" }>> {
  throw new ApiError("unauthorized", "API keys are not accepted yet.");
}

import "server-only";
import { db } from "@/lib/db/client";
import type { ClientInfo } from "@/lib/http/client-info";
import { consume } from "@/lib/security/rate-limit";

/**
 * GET /api/auth/exist-email/{email}, kept for clients of older APIs. It tells anyone whether an
 * address has an account, which is account enumeration by design; the per-client limit keeps it
 * from being a bulk lookup. Every other public endpoint answers alike for known and unknown
 * addresses.
 */
export async function emailExists(email: string, client: ClientInfo): Promise<{ exists: boolean }> {
  await consume("existEmailPerClient", client.ip);
  const user = await db().user.findUnique({ where: { email }, select: { id: true } });
  return { exists: user !== null };
}

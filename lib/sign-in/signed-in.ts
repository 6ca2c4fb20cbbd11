import "server-only";
import { sqlTransaction } from "@/lib/db/sql";
import { emit, withoutSessionIds } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import type { Assurance } from "@/lib/sessions/assurance";
import { startSession, type StartedSession } from "@/lib/sessions/start";

/**
 * Opens the session a sign-in earned and records `login.succeeded` in the organization it
 * activates, in one transaction (four round trips, no Prisma). Only the gate and the second step
 * call it, so no door opens a session without asking whether a second factor is owed. Null when
 * the sign-in was overtaken (see startSession): the caller refuses it.
 */
export async function openSignedInSession(input: {
  userId: string;
  organizationId: string | null;
  client: ClientInfo;
  via: string;
  assurance: Assurance;
  credentialEpoch: number | null;
}): Promise<StartedSession | null> {
  return sqlTransaction(async (tx) => {
    const started = await startSession(input, tx);
    if (!started) return null;
    // No session id in the metadata: admins read this log, and a session id is half of a forged token.
    const metadata = withoutSessionIds({ via: input.via, amr: input.assurance.amr });
    await emit(tx, {
      type: "login.succeeded",
      organizationId: started.organizationId,
      actorId: input.userId,
      client: input.client,
      metadata,
    });
    return started;
  });
}

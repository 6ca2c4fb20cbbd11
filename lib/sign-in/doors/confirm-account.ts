import "server-only";
import { confirmEmail } from "@/lib/accounts/email-confirmation";
import type { ClientInfo } from "@/lib/http/client-info";
import type { ConfirmAccountInput } from "@/lib/validation/auth";
import { signInApiClient } from "../gate";
import { organizationForNewSession } from "../organization";

// The confirm-account door (POST /api/auth/confirm-account): a new account's emailed code or link
// proves the mailbox and signs it in (through the gate: a factor set up meanwhile is still owed).
// Confirming an email change does not sign in: the code proves the new mailbox, not who owns the
// account, and the session that asked is already signed in.

export async function confirmAndSignIn(input: ConfirmAccountInput, client: ClientInfo) {
  const confirmed = await confirmEmail(input, client);
  if (confirmed.purpose === "email_change") return { kind: "email_changed" as const, email: confirmed.email };
  const organizationId = await organizationForNewSession(confirmed.userId);
  const tokens = await signInApiClient({
    userId: confirmed.userId,
    organizationId,
    client,
    via: "token" in input && input.token ? "link" : "code",
  });
  return { kind: "signed_in" as const, tokens };
}

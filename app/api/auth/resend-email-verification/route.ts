import { CODE_SENT_MESSAGE, resendConfirmation } from "@/lib/accounts/resend-confirmation";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";
import { emailOnlySchema } from "@/lib/validation/auth";

// Accounts get no tokens before confirming (the default), so `?email=` names the address; a
// signed-in caller (confirmation switched off, or an address change pending) may use its token.
export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: handler({ auth: "optional", query: emailOnlySchema.partial() }, async ({ query, principal, client }) => {
    let email = query.email;
    if (!email && principal) {
      const pending = await db().oneTimeToken.findFirst({
        where: { userId: principal.userId, purpose: { in: ["email_verification", "email_change"] }, consumedAt: null },
        orderBy: { createdAt: "desc" },
        select: { email: true },
      });
      email = pending?.email ?? (await db().user.findUniqueOrThrow({ where: { id: principal.userId }, select: { email: true } })).email;
    }
    if (!email) throw new ApiError("validation_failed", "Pass ?email= or an access token.", { errors: { email: ["Enter your email address."] } });
    await resendConfirmation(email, client);
    return { status: 202, json: { message: CODE_SENT_MESSAGE } };
  }),
});

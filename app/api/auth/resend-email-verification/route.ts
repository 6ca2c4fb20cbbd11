import { CODE_SENT_MESSAGE, resendConfirmation, resendForSession } from "@/lib/accounts/resend-confirmation";
import { ApiError } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";

// Accounts get no tokens before confirming (the default), so `?email=` names the address and
// re-sends a sign-up code only (never an email change: that needs the session that asked). A
// signed-in caller without `?email=` gets its own pending change's code, or its address's.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/resend-email-verification", async ({ query, principal, client }) => {
    if (query.email) await resendConfirmation(query.email, client);
    else if (principal?.kind === "user") await resendForSession(principal, client);
    else throw new ApiError("validation_failed", "Pass ?email= or an access token.", { errors: { email: ["Enter your email address."] } });
    return { status: 202, json: { message: CODE_SENT_MESSAGE } };
  }),
});

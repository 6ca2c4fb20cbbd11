import { NextResponse } from "next/server";
import * as z from "zod";
import { confirmEmail } from "@/lib/accounts/email-confirmation";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import { handler, methods } from "@/lib/http/route";

// The link in confirmation emails. A browser lands on the sign-in page with the outcome in the
// query; an API client asking for JSON gets { verified, email }.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: handler("get /api/auth/verify-email/{token}", async ({ params, request, client }) => {
    const wantsJson = /application\/(problem\+)?json/.test(request.headers.get("accept") ?? "");
    try {
      const confirmed = await confirmEmail({ token: z.string().parse(params.token) }, client);
      if (wantsJson) return { json: { verified: true, email: confirmed.email } };
      return NextResponse.redirect(`${config().appUrl}/login?verified=1`, 303);
    } catch (error) {
      if (wantsJson || !(error instanceof ApiError) || error.code === "rate_limited") throw error;
      return NextResponse.redirect(`${config().appUrl}/login?error=${error.code}`, 303);
    }
  }),
});

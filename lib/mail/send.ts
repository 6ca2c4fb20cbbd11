import "server-only";
import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { config } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { writeToOutbox } from "./outbox";

export interface Email {
  to: string;
  subject: string;
  /** A template from emails/. */
  react: ReactElement;
}

let resend: Resend | undefined;
function resendClient(): Resend {
  resend ??= new Resend(config().RESEND_API_KEY, { baseUrl: config().RESEND_BASE_URL });
  return resend;
}

/**
 * Sends through Resend when RESEND_API_KEY is set, else into the local outbox. A failure is
 * logged (without the body: it holds codes and links) and thrown as a 503 so no caller can
 * report success for a message that never left.
 */
export async function sendEmail(email: Email): Promise<void> {
  const [html, text] = await Promise.all([render(email.react), render(email.react, { plainText: true })]);
  const message = { from: config().EMAIL_FROM, to: [email.to], subject: email.subject, html, text };

  if (!config().RESEND_API_KEY) {
    await writeToOutbox(message);
    return;
  }
  let failure: string | undefined;
  try {
    const { error } = await resendClient().emails.send(message);
    if (error) failure = `${error.name}: ${error.message}`;
  } catch (error) {
    failure = String(error);
  }
  if (failure) {
    log.error("email send failed", { subject: email.subject, failure });
    throw new ApiError("service_unavailable", "We could not send the email right now. Please try again shortly.", {
      headers: { "retry-after": "30" },
    });
  }
}

// Issue 12 item 18: the 6-digit code confirms an account and answers with tokens, so whoever sees
// it can sign in to a fresh account. It used to sit in the subject, which a locked phone shows
// to anyone nearby. Decision (SECURITY.md): the code is in the body only, neither in the subject
// nor in the preview text (the hidden preheader mail clients show next to the subject).
import { describe, expect, it } from "vitest";
import { registerUser } from "../support/accounts";
import { codeIn, latestEmailTo } from "../support/mail";

const previewOf = (html: string) => /<div[^>]*data-skip-in-text="true"[^>]*>([^<]*)/.exec(html)?.[1] ?? "";

describe("the confirmation email", () => {
  it("shows the code only to someone who opens the message", async () => {
    const { email } = await registerUser();
    const mail = await latestEmailTo(email);
    const code = codeIn(mail)!;

    expect(code).toMatch(/^\d{6}$/);
    expect(mail.subject).toMatch(/confirmation code/i);
    expect(mail.subject).not.toMatch(/\d{6}/);
    const preview = previewOf(mail.html);
    expect(preview).toMatch(/open this email/i);
    expect(preview).not.toContain(code);
    expect(mail.html).toContain(code); // the body still carries it
  });
});

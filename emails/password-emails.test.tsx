import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import EmailChangeNotice from "./email-change-notice";
import PasswordChanged from "./password-changed";
import ResetPassword from "./reset-password";

// Every message has a plain-text part that carries what the reader must act on.
describe("password and email-change templates", () => {
  it("reset-password carries its link in both parts and says it expires in 1 hour", async () => {
    const link = "http://localhost:3000/reset-password/abcDEF123_-abcDEF123_-";
    const text = await render(<ResetPassword name="Ada" link={link} />, { plainText: true });
    expect(text).toContain(link);
    expect(text).toMatch(/1 hour/);
    expect(await render(<ResetPassword {...ResetPassword.PreviewProps} />)).toContain(ResetPassword.PreviewProps.link);
  });

  it("password-changed tells a reset from a change", async () => {
    const reset = await render(<PasswordChanged {...PasswordChanged.PreviewProps} via="reset" />, { plainText: true });
    const change = await render(<PasswordChanged {...PasswordChanged.PreviewProps} via="change" />, { plainText: true });
    expect(reset).toMatch(/was reset/);
    expect(reset).toMatch(/Every device was signed out/);
    expect(change).toMatch(/was changed/);
    expect(change).toMatch(/Every other device/);
    expect(change).toContain(PasswordChanged.PreviewProps.resetUrl);
  });

  it("email-change-notice names the new address and the way out", async () => {
    const text = await render(<EmailChangeNotice {...EmailChangeNotice.PreviewProps} />, { plainText: true });
    expect(text).toContain(EmailChangeNotice.PreviewProps.newEmail);
    expect(text).toContain(EmailChangeNotice.PreviewProps.resetUrl);
  });
});

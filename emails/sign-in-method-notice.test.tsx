import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import SignInMethodNotice from "./sign-in-method-notice";

describe("sign-in method notice", () => {
  it("names the provider, the provider account and the way to undo it", async () => {
    const text = await render(<SignInMethodNotice {...SignInMethodNotice.PreviewProps} />, { plainText: true });
    expect(text).toMatch(/GitHub was connected to your account/);
    expect(text).toContain(SignInMethodNotice.PreviewProps.providerAccount);
    expect(text).toContain(SignInMethodNotice.PreviewProps.profileUrl);
  });

  it("tells a removal from a connection", async () => {
    const text = await render(<SignInMethodNotice {...SignInMethodNotice.PreviewProps} change="removed" />, { plainText: true });
    expect(text).toMatch(/GitHub was removed from your account/);
    expect(text).not.toMatch(/was connected/);
  });
});

import { INVITATION_LINK, linkTokenRedirect } from "../../link-token";

// The emailed invitation link: the token leaves the URL at once (see ../../link-token.ts).
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  return linkTokenRedirect(INVITATION_LINK, (await params).token);
}

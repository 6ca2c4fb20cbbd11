import { linkTokenRedirect, RESET_LINK } from "../../link-token";

// The emailed link: the token leaves the URL at once (see ../../link-token.ts).
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  return linkTokenRedirect(RESET_LINK, (await params).token);
}

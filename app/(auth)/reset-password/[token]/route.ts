import { resetLinkResponse } from "../reset-link";

// The emailed link: the token leaves the URL at once (see ../reset-link.ts).
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  return resetLinkResponse((await params).token);
}

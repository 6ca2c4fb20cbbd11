import type { NextRequest } from "next/server";
import { ApiError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";
import { outboxIsReadable, readOutbox } from "@/lib/mail/outbox";

// curl http://localhost:3000/dev/outbox/latest?to=you@example.com → the newest message to that
// address with its text part, so a developer can read a code from a terminal. Local runs only, and
// only from this machine (see outboxIsReadable): from elsewhere the outbox does not exist.
export async function GET(request: NextRequest) {
  if (!outboxIsReadable()) return problemResponse(new ApiError("not_found", "The development outbox is not enabled."));
  const to = request.nextUrl.searchParams.get("to") ?? undefined;
  const [latest] = await readOutbox({ to, limit: 1 });
  if (!latest) return problemResponse(new ApiError("not_found", to ? `No message to ${to} yet.` : "The outbox is empty."));
  return Response.json(latest, { headers: { "cache-control": "no-store" } });
}

import { ApiError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";

// Unknown /api paths answer 404 problem+json for every method, never Next's HTML page.
const notFound = async () => problemResponse(new ApiError("not_found", "No API endpoint at this path."));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

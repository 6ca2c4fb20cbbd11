import "server-only";
import * as z from "zod";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { log } from "@/lib/log";
import { WEAK_PASSWORD_TAG } from "@/lib/validation/common";
import { ApiError, problemBody, type FieldErrors } from "./errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(error: ApiError): Response {
  return new Response(JSON.stringify(problemBody(error)), {
    status: error.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...error.options.headers },
  });
}

/** Field name → messages, the `errors` member of a validation problem. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.join(".") : "body";
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}

/** Our password rules tag their issues, so a request failing only on them gets `weak_password`. */
export function validationError(error: z.ZodError): ApiError {
  const weak = error.issues.every((i) => i.code === "custom" && i.params?.tag === WEAK_PASSWORD_TAG);
  return new ApiError(weak ? "weak_password" : "validation_failed", "The request has invalid fields.", {
    errors: fieldErrors(error),
  });
}

/** The database is down, unreachable or too slow: ours and temporary, so 503 with Retry-After. */
export function serviceUnavailable(): ApiError {
  return new ApiError("service_unavailable", "The service is temporarily unavailable. Try again shortly.", {
    headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
}

/** Maps anything thrown by a handler to a problem; unknown errors are logged, never echoed. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", { error });
    return serviceUnavailable();
  }
  const prismaCode = (error as { code?: unknown })?.code;
  if (prismaCode === "P2002") return new ApiError("conflict", "A resource with these values already exists.");
  if (prismaCode === "P2025") return new ApiError("not_found");
  // A row the request refers to was deleted by another request meanwhile.
  if (prismaCode === "P2003" || prismaCode === "23503") return new ApiError("not_found");
  // Two requests locked the same rows in opposite orders (or a serialization failure): transient,
  // and nothing was written, so the client may simply try again.
  if (prismaCode === "P2034" || prismaCode === "40P01" || prismaCode === "40001") {
    log.warn("transaction conflict", { error });
    return new ApiError("service_unavailable", "The request collided with another one. Try again.", { headers: { "retry-after": "1" } });
  }
  // Text PostgreSQL cannot store (a NUL byte) that a schema let through: the request's fault.
  if (prismaCode === "22021" || prismaCode === "22P05") {
    return new ApiError("validation_failed", "The request contains characters that cannot be stored (such as NUL).");
  }
  log.error("unhandled error", { error });
  return new ApiError("internal_error", "Something went wrong on our side.");
}

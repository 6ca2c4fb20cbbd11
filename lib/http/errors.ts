// The one error type of the API. Anything thrown as an ApiError reaches the client as
// application/problem+json (RFC 9457) with its stable `code`; anything else becomes a 500.

export type ErrorCode =
  | "validation_failed"
  | "invalid_json"
  | "unauthorized"
  | "token_expired"
  | "invalid_credentials"
  | "email_not_verified"
  | "invalid_code"
  | "invalid_token"
  | "incorrect_password"
  | "weak_password"
  | "forbidden"
  | "not_found"
  | "not_a_member"
  | "reauthentication_required"
  | "mfa_required"
  | "mfa_enrollment_required"
  | "account_disabled"
  | "sso_required"
  | "sso_domain_not_verified"
  | "conflict"
  | "rate_limited"
  | "payload_too_large"
  | "unsupported_media_type"
  | "method_not_allowed"
  | "service_unavailable"
  | "internal_error";

const TITLES: Record<ErrorCode, string> = {
  validation_failed: "Validation failed",
  invalid_json: "Malformed JSON",
  unauthorized: "Authentication required",
  token_expired: "Token expired",
  invalid_credentials: "Invalid email or password",
  email_not_verified: "Email address not confirmed",
  invalid_code: "Invalid or expired code",
  invalid_token: "Invalid or expired token",
  incorrect_password: "Incorrect password",
  weak_password: "Password too weak",
  forbidden: "Forbidden",
  not_found: "Not found",
  not_a_member: "Not a member of this organization",
  reauthentication_required: "Recent password confirmation required",
  mfa_required: "Second factor required",
  mfa_enrollment_required: "Second factor enrolment required",
  account_disabled: "Account disabled",
  sso_required: "Single sign-on required",
  sso_domain_not_verified: "Email domain not verified for single sign-on",
  conflict: "Conflict",
  rate_limited: "Too many requests",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  method_not_allowed: "Method not allowed",
  service_unavailable: "Service unavailable",
  internal_error: "Internal server error",
};

export const STATUS_OF: Record<ErrorCode, number> = {
  validation_failed: 422,
  invalid_json: 400,
  unauthorized: 401,
  token_expired: 401,
  invalid_credentials: 401,
  email_not_verified: 403,
  invalid_code: 400,
  invalid_token: 400,
  incorrect_password: 403,
  weak_password: 422,
  forbidden: 403,
  not_found: 404,
  not_a_member: 403,
  reauthentication_required: 403,
  mfa_required: 403,
  mfa_enrollment_required: 403,
  account_disabled: 403,
  sso_required: 403,
  sso_domain_not_verified: 403,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  service_unavailable: 503,
  internal_error: 500,
};

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly options: {
      errors?: FieldErrors;
      headers?: Record<string, string>;
      status?: number;
      /** RFC 9457 extension members (e.g. mfaToken and methods of mfa_required). */
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(detail ?? TITLES[code]);
    this.name = "ApiError";
    this.status = options.status ?? STATUS_OF[code];
  }

  get title() {
    return TITLES[this.code];
  }
}

/** The RFC 9457 document of `error` (problem.ts sends it; pages/_error.tsx too, outside any route). */
export function problemBody(error: ApiError) {
  return {
    type: `about:blank#${error.code}`,
    title: error.title,
    status: error.status,
    ...(error.detail && error.detail !== error.title ? { detail: error.detail } : {}),
    code: error.code,
    ...(error.options.errors ? { errors: error.options.errors } : {}),
    ...error.options.extensions,
  };
}

/** What a disabled account is told, by the API and by the sign-in pages alike. */
export const ACCOUNT_DISABLED_MESSAGE = "This account has been disabled. Contact the administrators of this service.";

/** An instance admin disabled the account: every door says so, once the credential checked out. */
export const accountDisabled = () => new ApiError("account_disabled", ACCOUNT_DISABLED_MESSAGE);

/** 403 sso_required: the organization's people sign in through its identity provider; `ssoUrl` starts that. */
export const ssoRequired = (
  appUrl: string,
  organizationSlug: string,
  detail = "Your organization signs you in through its identity provider: sign in with SSO.",
) =>
  new ApiError("sso_required", detail, {
    extensions: { ssoUrl: `${appUrl}/sso?organization=${encodeURIComponent(organizationSlug)}` },
  });

export const notFound = (detail = "The requested resource does not exist.") => new ApiError("not_found", detail);
export const forbidden = (detail = "You are not allowed to do this.") => new ApiError("forbidden", detail);
export const unauthorized = (detail = "Sign in or send a valid access token.") => new ApiError("unauthorized", detail);
export const conflict = (detail: string) => new ApiError("conflict", detail);

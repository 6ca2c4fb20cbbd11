// Security headers. The ones that never vary are set for every path in next.config.ts. The pages'
// Content-Security-Policy varies: it carries a fresh nonce per request, issued by the proxy, which
// Next reads from the request's CSP header and stamps on every script it renders. With
// 'strict-dynamic', scripts those trusted scripts load (Next's chunks, Swagger UI's) run too, and
// nothing else does: no inline script without the nonce, no other origin.
// Styles keep 'unsafe-inline': React renders style attributes, which no nonce can cover (and a
// nonce in style-src would switch 'unsafe-inline' off). Injected CSS cannot run code.

const COMMON_DIRECTIVES = [
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
];

/** The policy of one page response; `nonce` must be fresh for every request. */
export function pageContentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    // React's development build needs eval for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ...COMMON_DIRECTIVES,
  ].join("; ");
}

/** API responses are JSON: nothing in them should ever load or run. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** 128 random bits, base64: unguessable, and a new one for every page request. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The headers that are the same on every response (next.config.ts). */
export function securityHeaders(production: boolean): { key: string; value: string }[] {
  const headers = [
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  if (production) headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  return headers;
}

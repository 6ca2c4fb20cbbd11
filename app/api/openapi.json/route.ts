import { config } from "@/lib/config/env";
import { methods } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: async () => Response.json(openApiDocument(config().appUrl), { headers: { "cache-control": "public, max-age=300" } }),
});

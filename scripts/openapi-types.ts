// Regenerates tests/support/api-types.generated.ts from the OpenAPI document built in process.
//
//   npm run openapi:types
import { writeFileSync } from "node:fs";
import { openApiDocument } from "@/lib/openapi/document";
import { CLIENT_TYPES_FILE, clientTypesSource } from "./lib/openapi-types";

writeFileSync(CLIENT_TYPES_FILE, await clientTypesSource(openApiDocument("http://localhost:3000")));
console.log(`wrote ${CLIENT_TYPES_FILE}`);

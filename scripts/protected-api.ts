// Regenerates lib/http/protected-api.generated.ts, the proxy's table of operations that need a
// credential, from lib/openapi/operations.
//
//   npm run openapi:protected-api
import { writeFileSync } from "node:fs";
import { OPERATIONS } from "@/lib/openapi/operations";
import { PROTECTED_API_FILE, protectedApiSource } from "./lib/protected-api";

writeFileSync(PROTECTED_API_FILE, protectedApiSource(OPERATIONS));
console.log(`wrote ${PROTECTED_API_FILE}`);

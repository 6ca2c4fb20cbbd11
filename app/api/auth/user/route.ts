import { alias, methods } from "@/lib/http/route";
import { GET as readProfile } from "../profile/route";

// Alias of GET /api/auth/profile for clients of older APIs (reading only, as the contract lists).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({ GET: alias("get /api/auth/user", readProfile) });

// Alias of /api/auth/profile for clients of older APIs.
export { GET, POST, PUT, PATCH, DELETE } from "../profile/route";

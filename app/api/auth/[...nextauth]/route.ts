export { GET, POST } from "@/lib/auth/authjs-route";

// `npm run admin:grant -- <email>` / `npm run admin:revoke -- <email>`: makes a confirmed account
// an instance administrator, or stops it being one (ADMIN_EMAILS names admins too: an address
// listed there stays an admin until it is removed from that setting). The account still needs a
// second factor, and a session that used it, before any admin route or page answers it.
// With DATABASE_URL it works on that database; without it, on the embedded PostgreSQL of
// `npm start` (stop the app first: both want its port).
import { prepareLocalDatabase } from "./lib/local-database";

const [action, rawEmail] = process.argv.slice(2);
const email = rawEmail?.trim().toLowerCase();
if ((action !== "grant" && action !== "revoke") || !email) {
  console.error("usage: npm run admin:grant -- <email>   |   npm run admin:revoke -- <email>");
  process.exit(2);
}
if (!process.env.DATABASE_URL) process.env.DATABASE_URL = (await prepareLocalDatabase()).url;

const { db } = await import("../lib/db/client");
const user = await db().user.findUnique({ where: { email }, select: { id: true, emailVerified: true, instanceAdmin: true } });
if (!user) {
  console.error(`No account uses ${email}.`);
  process.exit(1);
}
if (action === "grant" && !user.emailVerified) {
  console.error(`${email} has not confirmed its address: an unconfirmed registration proves nothing about who holds it.`);
  process.exit(1);
}
await db().$transaction(async (tx) => {
  await tx.user.update({ where: { id: user.id }, data: { instanceAdmin: action === "grant" } });
  // Admins cannot be impersonated: a support session of this person ends with the grant. A
  // revoked admin's support sessions of others end with their rights.
  const ended = { revokedAt: new Date(), revokedReason: action === "grant" ? "admin_granted" : "admin_revoked" };
  if (action === "grant")
    await tx.authSession.updateMany({ where: { userId: user.id, impersonatedById: { not: null }, revokedAt: null }, data: ended });
  else await tx.authSession.updateMany({ where: { impersonatedById: user.id, revokedAt: null }, data: ended });
});
const { hasSecondFactor } = await import("../lib/db/statements/factors");
console.log(
  action === "grant" ? `${email} is an instance admin.` : `${email} is no longer an instance admin (unless ADMIN_EMAILS lists it).`,
);
if (action === "grant" && !(await hasSecondFactor(user.id))) {
  console.log("It has no second factor yet: the admin pages and routes answer it only after it adds one and signs in with it.");
}
process.exit(0);

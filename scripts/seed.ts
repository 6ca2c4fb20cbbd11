// `npm run db:seed`: a demo organization with an owner, an admin and a member, and an API key,
// printed with their credentials for someone trying the product. Safe to run again: the people
// and the organization are reused, and a fresh API key is issued (a key is only shown once).
// Uses DATABASE_URL when set, else the embedded PostgreSQL of `npm start` (stop the app first:
// both would want its port).
import { loadOrCreateDevSecrets } from "../lib/config/dev-secrets";
import { prepareLocalDatabase } from "./lib/local-database";

const PASSWORD = "Demo-Horse-Battery-1";
const PEOPLE = [
  { email: "owner@demo.test", name: "Olivia Owner", role: "owner" },
  { email: "admin@demo.test", name: "Adam Admin", role: "admin" },
  { email: "member@demo.test", name: "Mia Member", role: "member" },
] as const;

const database = await prepareLocalDatabase();
process.env.DATABASE_URL = database.url;
if (database.embedded) Object.assign(process.env, { ...loadOrCreateDevSecrets(), ...process.env });

// Imported after the environment is ready: the configuration is read on first use.
const { db } = await import("../lib/db/client");
const { hashPassword } = await import("../lib/auth/passwords");
const { newApiKeySecret } = await import("../lib/api-keys/format");
const { permissionsOf } = await import("../lib/organizations/permissions");

try {
  const passwordHash = await hashPassword(PASSWORD);
  const { organization, key } = await db().$transaction(async (tx) => {
    const organization =
      (await tx.organization.findUnique({ where: { slug: "demo" } })) ??
      (await tx.organization.create({ data: { name: "Demo Organization", slug: "demo" } }));
    for (const person of PEOPLE) {
      const user = await tx.user.upsert({
        where: { email: person.email },
        create: { email: person.email, name: person.name, passwordHash, emailVerified: new Date() },
        update: {},
        select: { id: true },
      });
      await tx.membership.upsert({
        where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
        create: { userId: user.id, organizationId: organization.id, role: person.role },
        update: { role: person.role },
      });
    }
    const owner = await tx.user.findUniqueOrThrow({ where: { email: PEOPLE[0].email }, select: { id: true } });
    const key = newApiKeySecret();
    await tx.apiKey.create({
      data: {
        organizationId: organization.id,
        createdById: owner.id,
        name: `Demo key ${new Date().toISOString().slice(0, 16)}`,
        prefix: key.prefix,
        keyHash: key.keyHash,
        permissions: permissionsOf("admin"),
      },
    });
    return { organization, key: key.key };
  });

  console.log(`\nDemo organization: ${organization.name} (slug "${organization.slug}", id ${organization.id})\n`);
  console.table(PEOPLE.map((p) => ({ email: p.email, password: PASSWORD, role: p.role })));
  console.log(`\nAPI key (admin permissions; shown once): ${key}`);
  console.log(`Try: curl -H "X-API-Key: ${key}" ${process.env.APP_URL ?? "http://localhost:3000"}/api/organizations/current/members\n`);
} finally {
  await db().$disconnect();
  await database.stop();
}

-- CreateEnum
CREATE TYPE "DomainStatus" AS ENUM ('pending', 'verified');

-- CreateEnum
CREATE TYPE "SsoConnectionType" AS ENUM ('saml', 'oidc');

-- AlterTable
ALTER TABLE "auth_sessions" ADD COLUMN     "ssoOrganizationId" TEXT;

-- CreateTable
CREATE TABLE "organization_domains" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "status" "DomainStatus" NOT NULL DEFAULT 'pending',
    "verificationValue" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_domains_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_connections" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" "SsoConnectionType" NOT NULL,
    "defaultRole" "Role" NOT NULL DEFAULT 'member',
    "enforced" BOOLEAN NOT NULL DEFAULT false,
    "idpEnforcesMfa" BOOLEAN NOT NULL DEFAULT false,
    "idpEntityId" TEXT,
    "idpSsoUrl" TEXT,
    "idpCertificates" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "issuer" TEXT,
    "clientId" TEXT,
    "clientSecretBox" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sso_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_requests" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "nonce" TEXT,
    "codeVerifierBox" TEXT,
    "returnTo" TEXT NOT NULL DEFAULT '/',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sso_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saml_assertions_seen" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "saml_assertions_seen_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "organization_domains_domain_idx" ON "organization_domains"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "organization_domains_organizationId_domain_key" ON "organization_domains"("organizationId", "domain");

-- CreateIndex
CREATE INDEX "sso_connections_organizationId_idx" ON "sso_connections"("organizationId");

-- CreateIndex
CREATE INDEX "sso_requests_expiresAt_idx" ON "sso_requests"("expiresAt");

-- CreateIndex
CREATE INDEX "saml_assertions_seen_expiresAt_idx" ON "saml_assertions_seen"("expiresAt");

-- AddForeignKey
ALTER TABLE "organization_domains" ADD CONSTRAINT "organization_domains_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_requests" ADD CONSTRAINT "sso_requests_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "sso_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A domain is verified by at most one organization (Prisma cannot express a partial index).
CREATE UNIQUE INDEX "organization_domains_verified_domain_key" ON "organization_domains"("domain") WHERE "status" = 'verified';

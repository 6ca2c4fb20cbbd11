-- CreateTable
CREATE TABLE "oidc_payloads" (
    "key" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "sessionId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "oidc_payloads_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "oidc_payloads_grantId_idx" ON "oidc_payloads"("grantId");

-- CreateIndex
CREATE INDEX "oidc_payloads_uid_idx" ON "oidc_payloads"("uid");

-- CreateIndex
CREATE INDEX "oidc_payloads_userCode_idx" ON "oidc_payloads"("userCode");

-- CreateIndex
CREATE INDEX "oidc_payloads_expiresAt_idx" ON "oidc_payloads"("expiresAt");


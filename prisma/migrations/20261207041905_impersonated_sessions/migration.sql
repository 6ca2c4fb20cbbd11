-- AlterTable
ALTER TABLE "auth_sessions" ADD COLUMN     "impersonatedById" TEXT;

-- CreateIndex
CREATE INDEX "auth_sessions_impersonatedById_idx" ON "auth_sessions"("impersonatedById");

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_impersonatedById_fkey" FOREIGN KEY ("impersonatedById") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


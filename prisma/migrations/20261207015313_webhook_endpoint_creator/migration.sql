-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "createdById" TEXT;

-- CreateIndex
CREATE INDEX "webhook_endpoints_createdById_idx" ON "webhook_endpoints"("createdById");

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'email_change_undo';

-- AlterTable
ALTER TABLE "one_time_tokens" ADD COLUMN     "registration" JSONB,
ADD COLUMN     "sessionId" TEXT;

-- CreateIndex
CREATE INDEX "one_time_tokens_sessionId_idx" ON "one_time_tokens"("sessionId");

-- AddForeignKey
ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


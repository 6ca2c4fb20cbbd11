-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN     "supersededAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "webauthn_challenges" ADD COLUMN     "sessionId" TEXT;


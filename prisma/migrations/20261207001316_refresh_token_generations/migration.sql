-- AlterTable
ALTER TABLE "auth_sessions" ADD COLUMN     "tokenGeneration" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "refresh_tokens" DROP COLUMN "supersededAt",
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0;


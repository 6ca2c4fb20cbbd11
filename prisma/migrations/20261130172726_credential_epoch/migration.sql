-- AlterTable
ALTER TABLE "users" ADD COLUMN     "credentialEpoch" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "mfa_challenges" ADD COLUMN     "credentialEpoch" INTEGER;


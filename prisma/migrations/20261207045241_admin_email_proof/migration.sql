-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'admin_email_proof';

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "adminEmailProvedFor" TEXT;


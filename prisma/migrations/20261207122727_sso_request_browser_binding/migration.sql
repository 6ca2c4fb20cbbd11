-- AlterTable
ALTER TABLE "sso_requests" ADD COLUMN     "browserBindingHash" TEXT;


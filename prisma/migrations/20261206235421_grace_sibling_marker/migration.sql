-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN     "graceSibling" BOOLEAN NOT NULL DEFAULT false;


import "server-only";
import QRCode from "qrcode";

/** The otpauth URL as an inline SVG QR code (no image request, nothing for the CSP to allow). */
export const qrCodeSvg = (otpauthUrl: string) => QRCode.toString(otpauthUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });

import { Body, Button, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

// The frame every message shares: product name, one column, a footer that says why the
// recipient got it. Inline styles only: mail clients ignore stylesheets.

export const PRODUCT_NAME = "Keystone Auth";

export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container
          style={{
            backgroundColor: "#ffffff",
            border: "1px solid #e2e8f0",
            borderRadius: 8,
            margin: "32px auto",
            maxWidth: 520,
            padding: 32,
          }}
        >
          <Text style={{ color: "#4f46e5", fontSize: 14, fontWeight: 700, margin: 0 }}>{PRODUCT_NAME}</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0" }} />
          <Text style={{ color: "#64748b", fontSize: 12, margin: 0 }}>
            You received this email because of activity on your {PRODUCT_NAME} account. If it was not you, you can ignore it; nothing
            changes without this message.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The greeting every message to an account holder opens with. */
export function Greeting({ name }: { name: string }) {
  return <Text style={styles.heading}>Hi {name},</Text>;
}

export const styles = {
  heading: { fontSize: 20, fontWeight: 700, margin: "16px 0 8px" },
  text: { fontSize: 15, lineHeight: "24px", color: "#0f172a" },
  code: { fontSize: 32, fontWeight: 700, letterSpacing: 8, fontFamily: "ui-monospace, Menlo, monospace", margin: "16px 0" },
  button: { backgroundColor: "#4f46e5", borderRadius: 6, color: "#ffffff", fontSize: 15, padding: "12px 20px", textDecoration: "none" },
  muted: { fontSize: 13, color: "#64748b" },
} as const;

/**
 * The one call to action of a message: a button, and the same address spelled out below it for
 * mail clients that hide buttons (and for people who prefer to see where a link goes).
 */
export function CallToAction({ href, label }: { href: string; label: string }) {
  return (
    <>
      <Button href={href} style={styles.button}>
        {label}
      </Button>
      <Text style={styles.muted}>{href}</Text>
    </>
  );
}

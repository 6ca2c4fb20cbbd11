import { Button, Text } from "@react-email/components";
import { EmailLayout, styles } from "./layout";

export interface InvitationEmailProps {
  organizationName: string;
  /** Who sent it; absent when an API key did. */
  inviterName?: string | null;
  role: string;
  link: string;
}

/** The invitation link carries the single-use token; the page behind it accepts or signs up. */
export default function InvitationEmail({ organizationName, inviterName, role, link }: InvitationEmailProps) {
  const who = inviterName ? `${inviterName} invited you` : "You have been invited";
  return (
    <EmailLayout preview="An invitation to join an organization">
      <Text style={styles.heading}>Join {organizationName}</Text>
      <Text style={styles.text}>
        {who} to join {organizationName} as {role === "admin" ? "an admin" : `a ${role}`}. The invitation expires in 7 days and works once.
      </Text>
      <Button href={link} style={styles.button}>
        Accept invitation
      </Button>
      <Text style={styles.muted}>Or open this link: {link}</Text>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  organizationName: "Acme",
  inviterName: "Ada",
  role: "member",
  link: "http://localhost:3000/invitations/example-token-example-token",
} satisfies InvitationEmailProps;

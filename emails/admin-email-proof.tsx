import { Text } from "@react-email/components";
import { EmailLayout, Greeting, styles } from "./layout";

export interface AdminEmailProofProps {
  name: string;
  code: string;
}

/** The code that turns an ADMIN_EMAILS listing into administrator access (lib/admin/email-proof.ts). */
export function AdminEmailProof({ name, code }: AdminEmailProofProps) {
  return (
    <EmailLayout preview="Confirm your administrator access">
      <Greeting name={name} />
      <Text style={styles.text}>
        Someone signed in to your account asked to turn on instance administration. To confirm it is you, enter this code on the page that
        asked for it. It works for 10 minutes.
      </Text>
      <Text style={{ ...styles.text, fontSize: "28px", letterSpacing: "6px", fontWeight: 700 }}>{code}</Text>
      <Text style={styles.text}>
        If you did not ask for it, someone knows your password: do not share the code, and change your password now.
      </Text>
    </EmailLayout>
  );
}

import { Text } from "@react-email/components";
import type { ReactNode } from "react";
import { CallToAction, EmailLayout, Greeting, styles } from "./layout";

export interface SecurityNoticeProps {
  preview: string;
  name: string;
  /** What happened to the account, in one paragraph. */
  children: ReactNode;
  /** What to do if the owner did not do it: the paragraph that leads to the call to action. */
  ifNotYou: string;
  action: { href: string; label: string };
}

/**
 * The shape every security notice shares: what changed, what to do if it was not the owner, and
 * one call to action that takes the account back (or shows where to review it).
 */
export function SecurityNotice({ preview, name, children, ifNotYou, action }: SecurityNoticeProps) {
  return (
    <EmailLayout preview={preview}>
      <Greeting name={name} />
      <Text style={styles.text}>{children}</Text>
      <Text style={styles.text}>{ifNotYou}</Text>
      <CallToAction href={action.href} label={action.label} />
    </EmailLayout>
  );
}

import { Text } from "@react-email/components";
import { CallToAction, EmailLayout, Greeting, styles } from "./layout";

export interface WebhookDisabledProps {
  name: string;
  organizationName: string;
  url: string;
  /** The organization's Webhooks page. */
  webhooksUrl: string;
}

/** Sent to an organization's owners when an endpoint has failed for 5 days and was turned off. */
export default function WebhookDisabled({ name, organizationName, url, webhooksUrl }: WebhookDisabledProps) {
  return (
    <EmailLayout preview={`A webhook endpoint of ${organizationName} was disabled`}>
      <Greeting name={name} />
      <Text style={styles.text}>
        The webhook endpoint {url} of {organizationName} has not accepted a delivery for 5 days, so we stopped sending to it.
      </Text>
      <Text style={styles.text}>
        Once it answers again, turn it back on from the organization&apos;s Webhooks page; the deliveries it missed are listed there and can
        be sent again.
      </Text>
      <CallToAction href={webhooksUrl} label="Open Webhooks" />
    </EmailLayout>
  );
}

WebhookDisabled.PreviewProps = {
  name: "Ada",
  organizationName: "Acme",
  url: "https://hooks.acme.test/keystone",
  webhooksUrl: "http://localhost:3000/organizations/acme/webhooks",
} satisfies WebhookDisabledProps;

import "server-only";
import { BlockList, isIP } from "node:net";

// Which IP addresses a webhook delivery may connect to: public unicast only. An organization
// admin chooses the URL, so without this rule a webhook is a way to make our servers talk to
// our own network (databases, the cloud metadata service, admin ports on loopback).
//
// The ranges come from IANA's special-purpose registries. IPv6 is judged the other way round as
// well: anything outside global unicast (2000::/3) is refused, so ranges this table forgets
// (IPv4-translated ::ffff:0:0:0/96, new reservations) fail closed.
//
// node:net's BlockList has quirks that decide how the lists are built and consulted:
// - an IPv4 rule also matches the IPv4-mapped spelling of an IPv6 address (::ffff:7f00:1 is
//   "loopback" to a list holding 127.0.0.0/8);
// - an IPv6 rule covering ::ffff:0:0/96 (including ::/0) matches EVERY IPv4 address, so one list
//   holding both families would refuse 8.8.8.8 as "IPv4-mapped";
// - checking with the wrong family answers false instead of throwing;
// - a zone id ("fe80::1%eth0") is silently ignored, and isIP accepts it.
// Hence one list per reason and family, each consulted only with addresses of its own family,
// the mapped range checked first for IPv6, and zone ids refused before any list is asked.

type Rule = readonly [prefix: string, reason: string];

// Most specific first: the first matching rule names the reason.
const IPV4_RULES: readonly Rule[] = [
  ["255.255.255.255/32", "broadcast"],
  ["0.0.0.0/32", "unspecified"],
  ["169.254.169.254/32", "metadata service"], // AWS, GCP, Azure, OpenStack
  ["100.100.100.200/32", "metadata service"], // Alibaba Cloud
  ["192.0.0.192/32", "metadata service"], // Oracle Cloud
  ["0.0.0.0/8", "reserved"], // "this network": Linux dials 0.x.x.x as loopback
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "6to4"], // the deprecated 6to4 relay anycast
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
];

const IPV6_RULES: readonly Rule[] = [
  // First: every IPv4 address hides in here, and the IPv4 rules would otherwise never be needed.
  ["::ffff:0:0/96", "IPv4-mapped IPv6"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "IPv4-compatible IPv6"],
  ["64:ff9b::/96", "NAT64"],
  ["64:ff9b:1::/48", "NAT64"],
  ["100::/64", "discard-only"],
  ["2001::/32", "Teredo"],
  ["2001:2::/48", "benchmarking"],
  ["2001::/23", "reserved"], // IETF protocol assignments (ORCHID, AMT, AS112 ...)
  ["2001:db8::/32", "documentation"],
  ["3fff::/20", "documentation"],
  ["2002::/16", "6to4"],
  ["fd00:ec2::254/128", "metadata service"], // AWS over IPv6
  ["fc00::/7", "unique local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
];

const NOT_AN_IP = "not an IP address";
const ZONE_ID = "zone-scoped";

function compile(rules: readonly Rule[], family: "ipv4" | "ipv6"): { reason: string; list: BlockList }[] {
  return rules.map(([prefix, reason]) => {
    const slash = prefix.indexOf("/");
    const list = new BlockList();
    list.addSubnet(prefix.slice(0, slash), Number(prefix.slice(slash + 1)), family);
    return { reason, list };
  });
}

const IPV4 = compile(IPV4_RULES, "ipv4");
const IPV6 = compile(IPV6_RULES, "ipv6");
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet("2000::", 3, "ipv6");

/** null for a public unicast address; otherwise a short reason such as "loopback" or "private". */
export function forbiddenAddressReason(ip: string): string | null {
  // Checked before isIP, which accepts "fe80::1%eth0"; a zone id names an interface of ours.
  if (ip.includes("%")) return ZONE_ID;
  const version = isIP(ip);
  if (version === 0) return NOT_AN_IP;
  const family = version === 4 ? "ipv4" : "ipv6";
  for (const { reason, list } of version === 4 ? IPV4 : IPV6) {
    if (list.check(ip, family)) return reason;
  }
  if (version === 6 && !GLOBAL_UNICAST_V6.check(ip, "ipv6")) return "reserved";
  return null;
}

/** The reason as a noun phrase: "a loopback address", "an IPv4-mapped IPv6 address", "not an IP address". */
export function describeForbiddenReason(reason: string): string {
  if (reason === NOT_AN_IP) return reason;
  // "an" before a vowel sound: "an unspecified", "an IPv4-mapped", but "a unique local".
  const article = /^(?:[aeio]|u(?!ni)|IPv)/i.test(reason) ? "an" : "a";
  return `${article} ${reason} address`;
}

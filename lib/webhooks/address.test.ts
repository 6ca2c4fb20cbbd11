import { describe, expect, it } from "vitest";
import { describeForbiddenReason, forbiddenAddressReason } from "./address";

describe("forbiddenAddressReason", () => {
  it.each([
    ["8.8.8.8"],
    ["1.1.1.1"],
    ["93.184.216.34"],
    ["2606:4700:4700::1111"],
    ["2a00:1450:4001:82a::200e"],
    // Neighbours of forbidden ranges, so an off-by-one prefix shows up.
    ["9.255.255.255"],
    ["11.0.0.0"],
    ["100.63.255.255"],
    ["100.128.0.0"],
    ["126.255.255.255"],
    ["128.0.0.0"],
    ["169.253.255.255"],
    ["172.15.255.255"],
    ["172.32.0.0"],
    ["192.0.1.1"],
    ["192.167.255.255"],
    ["192.169.0.0"],
    ["198.17.255.255"],
    ["198.20.0.0"],
    ["223.255.255.255"],
    ["2001:200::1"],
    ["2003::1"],
    ["2001:db9::1"],
    ["2600::"],
  ])("lets %s through", (ip) => {
    expect(forbiddenAddressReason(ip)).toBeNull();
  });

  it.each([
    // IPv4
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "reserved"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["100.100.100.200", "metadata service"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "metadata service"],
    ["169.254.0.1", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.1", "reserved"],
    ["192.0.0.192", "metadata service"],
    ["192.0.2.10", "documentation"],
    ["192.88.99.1", "6to4"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.254", "reserved"],
    ["255.255.255.255", "broadcast"],
    // IPv6
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:0", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::ffff:127.0.0.1", "IPv4-mapped IPv6"],
    ["::ffff:7f00:1", "IPv4-mapped IPv6"],
    ["::FFFF:7F00:0001", "IPv4-mapped IPv6"],
    ["0:0:0:0:0:ffff:7f00:1", "IPv4-mapped IPv6"],
    ["0000:0000:0000:0000:0000:ffff:127.0.0.1", "IPv4-mapped IPv6"],
    ["::ffff:169.254.169.254", "IPv4-mapped IPv6"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped IPv6"],
    // A mapped public address is refused too: nothing legitimate publishes one in DNS.
    ["::ffff:8.8.8.8", "IPv4-mapped IPv6"],
    ["::ffff:0:7f00:1", "reserved"], // IPv4-translated (SIIT), outside 2000::/3
    ["::127.0.0.1", "IPv4-compatible IPv6"],
    ["::7f00:1", "IPv4-compatible IPv6"],
    ["::8.8.8.8", "IPv4-compatible IPv6"],
    ["64:ff9b::127.0.0.1", "NAT64"],
    ["64:ff9b::808:808", "NAT64"],
    ["64:ff9b:1::1", "NAT64"],
    ["100::1", "discard-only"],
    ["2001::1", "Teredo"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
    ["2001:2::1", "benchmarking"],
    ["2001:10::1", "reserved"],
    ["2001:db8::1", "documentation"],
    ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"],
    ["3fff::1", "documentation"],
    ["2002:7f00:1::1", "6to4"],
    ["2002::", "6to4"],
    ["fc00::1", "unique local"],
    ["fd12:3456:789a::1", "unique local"],
    ["fd00:ec2::254", "metadata service"],
    ["fd00:ec2:0:0:0:0:0:254", "metadata service"],
    ["fe80::1", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["ff0e::1", "multicast"],
    ["4000::1", "reserved"],
    ["5f00::1", "reserved"],
    ["e000::1", "reserved"],
    // Zone ids name one of our interfaces, whatever the address.
    ["fe80::1%eth0", "zone-scoped"],
    ["2606:4700:4700::1111%1", "zone-scoped"],
    // Not IP addresses: the odd spellings getaddrinfo or inet_aton would accept.
    ["localhost", "not an IP address"],
    ["example.com", "not an IP address"],
    ["", "not an IP address"],
    ["2130706433", "not an IP address"],
    ["0x7f.1", "not an IP address"],
    ["127.1", "not an IP address"],
    ["0177.0.0.1", "not an IP address"],
    ["127.0.0.1 ", "not an IP address"],
    [" 127.0.0.1", "not an IP address"],
    ["[::1]", "not an IP address"],
    ["256.0.0.1", "not an IP address"],
    ["1.2.3.4.5", "not an IP address"],
  ])("refuses %s as %s", (ip, reason) => {
    expect(forbiddenAddressReason(ip)).toBe(reason);
  });
});

describe("describeForbiddenReason", () => {
  it.each([
    ["loopback", "a loopback address"],
    ["IPv4-mapped IPv6", "an IPv4-mapped IPv6 address"],
    ["unspecified", "an unspecified address"],
    ["unique local", "a unique local address"],
    ["NAT64", "a NAT64 address"],
    ["not an IP address", "not an IP address"],
  ])("%s → %s", (reason, phrase) => {
    expect(describeForbiddenReason(reason)).toBe(phrase);
  });
});

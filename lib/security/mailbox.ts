// Which mailbox an address delivers to, for per-recipient mail limits: x+1@… to x+20@… (and,
// at Gmail, x.y@… and xy@…) land in one inbox, so they must share one allowance. Only for
// counting: accounts and messages keep the address exactly as typed.

/** Providers that ignore dots in the local part (and their aliases, folded to one domain). */
const DOTS_IGNORED: Record<string, string> = { "gmail.com": "gmail.com", "googlemail.com": "gmail.com" };

export function mailboxKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at <= 0) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  // Sub-addressing ("+tag") is honoured by most providers; where it is not, folding it merely
  // makes two real mailboxes share a limit, which errs on the safe side.
  local = local.split("+")[0] || local;
  const canonical = DOTS_IGNORED[domain];
  if (canonical) {
    domain = canonical;
    local = local.replaceAll(".", "") || local;
  }
  return `${local}@${domain}`;
}

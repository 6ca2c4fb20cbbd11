// A browser's cookie store for scripts and tests that walk a sign-in over HTTP: what each answer's
// Set-Cookie headers leave behind (deletions included), sent back as one Cookie header. Names
// only, no paths or domains: every request of such a walk goes to the one app.

export class Jar {
  private readonly cookies = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(initial)) this.cookies.set(name, value);
  }

  /** Applies a response's Set-Cookie headers, deletions included. */
  take(res: { headers: Headers }): this {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split("=")[1]!) < new Date()),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  set(name: string, value: string): this {
    this.cookies.set(name, value);
    return this;
  }

  get(name: string) {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Without the Auth.js session cookie (what "a fresh browser" holds after a sign-in elsewhere). */
  hasSession() {
    return [...this.cookies.keys()].some((k) => k.startsWith("authjs.session-token"));
  }

  /** A new jar holding only the cookies whose names pass `keep` (e.g. the Auth.js ones: the same person, a fresh provider session). */
  only(keep: (name: string) => boolean): Jar {
    return new Jar(Object.fromEntries([...this.cookies].filter(([name]) => keep(name))));
  }
}

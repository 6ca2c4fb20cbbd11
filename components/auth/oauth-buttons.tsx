import { signIn } from "@/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { enabledOAuthProviders } from "@/lib/sign-in/doors/oauth";
import { config } from "@/lib/config/env";

/** "Continue with GitHub / Google", for the providers whose credentials are configured. */
export function OAuthButtons({ callbackUrl }: { callbackUrl?: string }) {
  const providers = enabledOAuthProviders();
  if (providers.length === 0) return null;
  const redirectTo = safeCallbackUrl(callbackUrl, config().appUrl);
  return (
    <div className="oauth-buttons" aria-label="Other ways to sign in">
      <p className="oauth-divider muted small">or</p>
      {providers.map((provider) => (
        <form
          key={provider.id}
          action={async () => {
            "use server";
            await signIn(provider.id, { redirectTo });
          }}
        >
          <button type="submit" className="btn btn-secondary oauth-button">
            Continue with {provider.name}
          </button>
        </form>
      ))}
    </div>
  );
}

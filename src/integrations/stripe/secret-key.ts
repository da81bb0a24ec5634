/** The Stripe key check every entry point makes before any request (apart from client.ts: no SDK load). */
import { OpsError } from '../../core/errors.js';

export function requireSecretKey(key: string | undefined): string {
  if (!key || key.trim() === '') {
    throw new OpsError(
      'STRIPE_KEY_MISSING',
      'no Stripe API key: set STRIPE_SECRET_KEY to a secret key (sk_live_... / sk_test_...) or a restricted key (rk_...) with "Events: write" permission (Dashboard → Developers → API keys)',
    );
  }
  return key.trim();
}

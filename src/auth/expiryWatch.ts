import { GenesysApiError, type TokenProvider } from '../api';

/**
 * Wraps a token provider to notice, once, that a sign-in is over: a pasted token refused with a 401, or a refresh
 * or client-credentials grant refused by the token endpoint. The session then tells the user a single time instead of
 * every view and command reporting its own 401.
 */
export class ExpiryWatchingTokenProvider implements TokenProvider {
  private expired = false;

  constructor(
    private readonly inner: TokenProvider,
    private readonly onExpired: () => void,
  ) {}

  async getToken(signal?: AbortSignal): Promise<string> {
    try {
      return await this.inner.getToken(signal);
    } catch (error) {
      if (error instanceof GenesysApiError && error.kind === 'auth') {
        this.markExpired();
      }
      throw error;
    }
  }

  invalidate(token: string): boolean {
    const renewable = this.inner.invalidate(token);
    if (!renewable) {
      this.markExpired();
    }
    return renewable;
  }

  private markExpired(): void {
    if (!this.expired) {
      this.expired = true;
      this.onExpired();
    }
  }
}

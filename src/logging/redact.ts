/**
 * Strips credentials from text before it is logged or shown: bearer and basic authorization values, OAuth form and
 * JSON fields, and any exact secret registered with `registerSecret` (a pasted token or a client secret seen in no
 * recognisable pattern). Pure, so both the extension and its tests use the same rules.
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\b(access_token|refresh_token|client_secret|code_verifier|id_token|code)=([^&\s"']+)/gi, '$1=[redacted]'],
  [/("(?:access_token|refresh_token|client_secret|clientSecret|accessToken|refreshToken|code_verifier|authorization)"\s*:\s*")([^"]*)"/gi, '$1[redacted]"'],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers an exact value to cut out wherever it appears (values shorter than 6 characters would cut noise). */
  registerSecret(value: string | undefined): void {
    if (value && value.length >= 6) {
      this.secrets.add(value);
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      result = result.split(secret).join('[redacted]');
    }
    for (const [pattern, replacement] of PATTERNS) {
      result = result.replace(pattern, replacement);
    }
    return result;
  }
}

/**
 * Strips credentials from text before it is logged or shown: bearer and basic authorization values, OAuth form and
 * JSON fields, and any exact secret registered with `registerSecret` (every token and client secret the extension
 * holds or receives), also in its URL-encoded and JSON-escaped forms. Pure, so both the extension and its tests use
 * the same rules.
 */
const FORM_KEYS = 'access_token|refresh_token|id_token|client_secret|code_verifier|password|token';
const JSON_KEYS = 'access_token|refresh_token|id_token|client_secret|clientSecret|accessToken|refreshToken|idToken|code_verifier|authorization|password|token';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=%-]+/gi, '$1 [redacted]'],
  [new RegExp(`\\b(${FORM_KEYS})=([^&\\s"'\\\\]+)`, 'gi'), '$1=[redacted]'],
  // An OAuth authorization code only where it is a URL or form field: `code=bad.request` in a log line is a Genesys
  // error code that support needs.
  [/([?&#]code=)[^&\s"'\\]+/gi, '$1[redacted]'],
  [/\bcode=[^&\s"'\\]+(?=&)/gi, 'code=[redacted]'],
  // JSON inside a string (`{\"access_token\":\"…\"}`): the value ends at the next escaped quote.
  [new RegExp(`(\\\\+"(?:${JSON_KEYS})\\\\+"\\s*:\\s*\\\\+")(?:[^"\\\\]|\\\\(?!\\\\*"))*`, 'gi'), '$1[redacted]'],
  // Plain JSON: the value ends at the first unescaped quote, escaped quotes inside it included.
  [new RegExp(`("(?:${JSON_KEYS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1[redacted]"'],
];

/** The forms a secret takes in a URL, a form body or a JSON string, besides itself. */
function encodedForms(value: string): string[] {
  return [encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)];
}

export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets and their forms, longest first, so an encoded form is not half cut by the secret itself. */
  private longestFirst: string[] = [];

  /** Remembers an exact value to cut out wherever it appears (values shorter than 6 characters would cut noise). */
  registerSecret(value: string | undefined): void {
    if (value && value.length >= 6 && !this.secrets.has(value)) {
      for (const form of [value, ...encodedForms(value)]) {
        this.secrets.add(form);
      }
      this.longestFirst = [...this.secrets].sort((a, b) => b.length - a.length);
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.longestFirst) {
      result = result.split(secret).join('[redacted]');
    }
    for (const [pattern, replacement] of PATTERNS) {
      result = result.replace(pattern, replacement);
    }
    return result;
  }
}

/**
 * The one redactor of the extension: the log, notifications, result documents and exports all pass through it, and
 * the session registers every token it holds or receives with it.
 */
export const redactor = new Redactor();

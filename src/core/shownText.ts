import { redactor } from './redact';

/**
 * Text on its way to a person's screen in a notification or progress line, made inert: redacted, on one line, and
 * with every `[label](target)` broken by a zero-width space, because VS Code renders that pattern in a notification
 * as a link that opens the URL or runs the command (with arguments) it names. The org writes names, descriptions and
 * error messages; none of them may become a button. Pure, so it is tested directly.
 */
export function shownText(text: string): string {
  return redactor
    .redact(text)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\](?=\()/g, ']\u200b');
}

/**
 * Text for a label that renders `$(name)` as an icon (the status bar, quick pick rows): shown as typed instead, with
 * VS Code's own escape.
 */
export function literalLabel(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

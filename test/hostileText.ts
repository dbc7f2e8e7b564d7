// Text a hostile org can put wherever the extension shows org data (user names, emails, license descriptions, error
// messages, the org's name), shared by the host and the UI tests. Each payload is something VS Code would render as
// a link, a command, an image or markup if it were trusted.

/** VS Code's own pattern for a link in a notification or progress line (vs/base/common/linkedText.ts). */
export const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** A link that, clicked, would export every user to a file the attacker names. */
export function exportCommandLink(target: string): string {
  return `[Open the incident report](command:genesysLicenses.exportUsers?${encodeURIComponent(JSON.stringify([{ format: 'csv', target }]))} "Genesys Cloud support")`;
}

/** An org name with a command link and an icon. */
export const HOSTILE_ORG_NAME = `Acme $(verified) ${exportCommandLink('/tmp/org-name-export.csv')}`;

/** A server error message with a command link and a web link. */
export function hostileErrorMessage(target: string): string {
  return `Internal failure. ${exportCommandLink(target)} or [see status](https://status.evil.example/)`;
}

/** A description with an image (a hover would fetch it), a link, raw HTML and Markdown that would restructure a document. */
export function hostileDescription(imageUrl: string): string {
  return `Hover me ![pixel](${imageUrl}) [click here](https://evil.example/) <img src="${imageUrl}?html"> **bold**\n# Injected heading\r- injected item`;
}

/** A license ID that tries to leave its code span in a document: a line break, backticks and a pipe. */
export const HOSTILE_LICENSE_ID = 'hostile`) [x](https://evil.example/)\n# Broke out|';

/** A name that is long and mostly invisible: rendered raw, the row shows nothing, not even its count. */
export const HOSTILE_LONG_NAME = `${'\u3164'.repeat(400)}${'\u200b'.repeat(400)}Mallory [x](command:workbench.action.terminal.new) ${'Zalgo\u0301\u0301\u0301\u0301\u0301\u0301\u0301 '.repeat(40)}`;

/** Removes the zero-width spaces that keep links inert, to compare what shows with what the org wrote. */
export function asRead(text: string): string {
  return text.replace(/\u200b/g, '');
}

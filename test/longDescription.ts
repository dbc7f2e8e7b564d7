// A license whose description runs far past the row's 160 characters and any sidebar's width, shared by the host and
// the UI tests: its end can be read only from the row's tooltip or its details.
import type { LicenseDefinition } from '../src/api';

/** The description's last sentence; Markdown-looking on purpose, so a document that renders it instead of showing it fails. */
export const LONG_DESCRIPTION_END = 'Ends here: archived storage is billed per terabyte-month (*not* per user).';

export const LONG_DESCRIPTION = [
  'Analytics Archive: keeps conversation detail records, interaction recordings, transcripts and quality evaluations',
  'in low-cost storage after the standard retention period ends, so that supervisors and auditors can still search',
  'them by date, queue, agent, participant attribute or wrap-up code.',
  'Archived items are restored on request within four hours and stay readable for thirty days after each restore.',
  'Exports of archived data follow the same permission checks as live analytics, and every restore is written to the',
  'audit log with who asked for it and why.',
  'The archive covers voice, chat, messaging, email and callback interactions in every region the organization uses.',
  LONG_DESCRIPTION_END,
].join(' ');

/** Sorts third among the sandbox's definitions by ID, so its row is on screen when the definitions open. */
export const LONG_DESCRIPTION_DEFINITION: LicenseDefinition = {
  id: 'analyticsArchive',
  description: LONG_DESCRIPTION,
  permissions: { ids: ['analytics:conversationDetail:view', 'recording:recording:view'] },
  selfUri: '/api/v2/license/definitions/analyticsArchive',
};

/** The batch form's writes, around `applyChanges`: the modal confirmation before, the report and its log after. */
import type { LicenseBatchAssignmentRequest } from '../api';
import { type ApplyReport, type ChangePreview, changesOf, ENTRIES_PER_REQUEST, retryRequestOf, undoRequestOf } from '../batch/changes';
import type { Logger } from '../logging/logger';
import { confirmInModal } from '../ui/messages';
import { FOLLOW_UP_NAMES, type FollowUp, type ReportMessage } from './protocol';

/** Asks, in a modal dialog with the counts of a fresh preview, whether to send the request. */
export function confirmChanges(request: LicenseBatchAssignmentRequest, preview: ChangePreview, kind: FollowUp, orgName: string | undefined): Promise<boolean> {
  const warnings = preview.entries.filter((entry) => entry.warnings.length > 0).length;
  const verb = FOLLOW_UP_NAMES[kind];
  const detail = [
    `${preview.gains} license assignment(s) will be given, ${preview.losses} taken away; ${preview.unchanged} entr${preview.unchanged === 1 ? 'y changes' : 'ies change'} nothing.`,
    warnings > 0 ? `${warnings} entr${warnings === 1 ? 'y has' : 'ies have'} warnings (see the preview).` : '',
    `Org: ${orgName ?? 'the signed-in org'}. Sent in requests of at most ${ENTRIES_PER_REQUEST} users.`,
  ].filter(Boolean);
  return confirmInModal(`${verb} ${changesOf(request).length} license change(s)?`, detail, verb);
}

/** The report the form shows, with what may follow it; logged per user that did not get the change. */
export function reportOf(report: ApplyReport, kind: FollowUp, logger: Logger): ReportMessage {
  const applied = report.entries.filter((entry) => entry.outcome === 'applied').length;
  logger.info(`Batch ${kind}: ${applied} of ${report.entries.length} change(s) applied in ${report.requestsSent} request(s).`);
  for (const entry of report.entries.filter((candidate) => candidate.outcome !== 'applied')) {
    logger.warn(`Batch ${kind}: ${entry.action} ${entry.licenseId} for ${entry.userId}: ${entry.detail}`);
  }
  // An undo is not undone in turn: that would re-apply what it just reversed.
  return {
    t: 'report',
    kind,
    report,
    canUndo: kind !== 'undo' && undoRequestOf(report.entries) !== undefined,
    canRetry: retryRequestOf(report.entries) !== undefined,
  };
}

/**
 * What the webview tests feed the form: the panel's HTML exactly as the host serves it, an org's licenses, and the
 * host's messages (init, preview, report) for a small batch.
 */
import * as path from 'node:path';
import type { ApplyReport, ChangePreview } from '../../../src/batch/changes';
import type { BatchDraft } from '../../../src/batch/draft';
import type { LicenseOption, ReportMessage, ToBatchWebview } from '../../../src/webview/protocol';
import { batchFormHtml } from '../../../src/webview/html';

/** The repository root, from out/test/node/webview or test/node/webview. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../../..');
export const DIST = path.join(REPO_ROOT, 'dist');

/** The panel's HTML exactly as the host renders it (fresh nonce, `asWebviewUri`-style URIs). */
export function panelHtml(options: { cspSource: string; nonce: string; extensionUri: string }): string {
  return batchFormHtml({
    cspSource: options.cspSource,
    nonce: options.nonce,
    asset: (...pathInDist) => `${options.extensionUri}/dist/${pathInDist.join('/')}`,
  });
}

export const USERS = [
  '3f2a1c0e-7b3d-4c8e-9a51-0d2e6f4b8c17',
  '9b1e5d2c-4a6f-4e0b-8c3d-7f1a2b3c4d5e',
  'c0ffee00-1234-4abc-8def-0123456789ab',
  '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  'deadbeef-0000-4000-8000-000000000001',
];

export const LICENSES: LicenseOption[] = [
  { id: 'cloudCX1', description: 'Genesys Cloud CX 1', prerequisites: [] },
  { id: 'cloudCX2', description: 'Genesys Cloud CX 2', prerequisites: [] },
  { id: 'cloudCX3', description: 'Genesys Cloud CX 3', prerequisites: [] },
  { id: 'communicate', description: 'Genesys Cloud Communicate', prerequisites: [] },
  { id: 'wem1', description: 'Workforce Engagement Management 1', prerequisites: ['cloudCX1'] },
  { id: 'speechAnalytics', description: 'Speech and Text Analytics', prerequisites: ['cloudCX2'] },
  { id: 'collaborate', prerequisites: [] },
];

export const VALID_DRAFT: BatchDraft = {
  rows: [
    { key: 'row-a', licenseId: 'cloudCX2', usersToAdd: `${USERS[0]}\n${USERS[1]}, ${USERS[2]}`, usersToRemove: '' },
    { key: 'row-b', licenseId: 'wem1', usersToAdd: USERS[3], usersToRemove: USERS[4] },
  ],
};

export function init(draft: BatchDraft = { rows: [] }, extra: Partial<Extract<ToBatchWebview, { t: 'init' }>> = {}): Extract<ToBatchWebview, { t: 'init' }> {
  return { t: 'init', draft, revision: 1, licenses: LICENSES, org: 'Sandbox Org (mypurecloud.ie)', entriesPerRequest: 100, ...extra };
}

export const PREVIEW: ChangePreview = {
  entries: [
    { userId: USERS[0], licenseId: 'cloudCX2', action: 'add', effect: 'gains', warnings: [] },
    { userId: USERS[1], licenseId: 'cloudCX2', action: 'add', effect: 'unchanged', warnings: [] },
    { userId: USERS[2], licenseId: 'cloudCX2', action: 'add', effect: 'gains', warnings: ['This user is not in the org.'] },
    { userId: USERS[3], licenseId: 'wem1', action: 'add', effect: 'gains', warnings: ['Needs cloudCX1 first: Genesys may refuse it.'] },
    { userId: USERS[4], licenseId: 'wem1', action: 'remove', effect: 'loses', warnings: [] },
  ],
  gains: 3,
  losses: 1,
  unchanged: 1,
  unknownUsers: [USERS[2]],
  usersBefore: [],
};

export const REPORT: ApplyReport = {
  entries: [
    { ...PREVIEW.entries[0], outcome: 'applied', detail: 'Done.' },
    { ...PREVIEW.entries[1], outcome: 'applied', detail: 'Already held: nothing changed.' },
    { ...PREVIEW.entries[2], outcome: 'failed', detail: 'User not found (404).' },
    { ...PREVIEW.entries[3], outcome: 'unknown', detail: 'The request timed out; the org was read again and shows no change yet.' },
    { ...PREVIEW.entries[4], outcome: 'not-applied', detail: 'Not sent: the batch stopped after a failure.' },
  ],
  requestsSent: 2,
  usersAfter: [],
};

/**
 * Names the directory gives for USERS: two users share a name (the form shows their emails), one name carries markup
 * (shown as text), and USERS[2] is not in the directory.
 */
export const PEOPLE: Extract<ToBatchWebview, { t: 'people' }> = {
  t: 'people',
  people: [
    { id: USERS[0], name: 'Siobhán Ólafsdóttir', email: 'siobhan.olafsdottir@example.com' },
    { id: USERS[1], name: 'Siobhán Ólafsdóttir', email: 'siobhan.olafsdottir2@example.com' },
    { id: USERS[3], name: 'Jürgen <img src=x onerror=alert(1)> Þórsson', email: 'jurgen.thorsson@example.com' },
    { id: USERS[4], name: '李小龍', email: 'li.xiaolong@example.com' },
  ],
  notFound: [USERS[2]],
};

export function reportMessage(extra: Partial<ReportMessage> = {}): ReportMessage {
  return { t: 'report', kind: 'apply', report: REPORT, canUndo: true, canRetry: true, ...extra };
}

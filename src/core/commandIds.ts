/**
 * Every command's id, in one place: registrations, tree rows and `executeCommand` calls name them from here, and a
 * plain-Node test checks these are exactly the commands package.json contributes.
 */
export const CommandIds = {
  signIn: 'genesysLicenses.signIn',
  signOut: 'genesysLicenses.signOut',
  switchOrganization: 'genesysLicenses.switchOrganization',
  refresh: 'genesysLicenses.refresh',
  showLogs: 'genesysLicenses.showLogs',
  copyId: 'genesysLicenses.copyId',
  retryNode: 'genesysLicenses.retryNode',
  getUserLicenses: 'genesysLicenses.getUserLicenses',
  fetchUsersLicenses: 'genesysLicenses.fetchUsersLicenses',
  showDefinition: 'genesysLicenses.showDefinition',
  getToggle: 'genesysLicenses.getToggle',
  flipToggle: 'genesysLicenses.flipToggle',
  inferLicenses: 'genesysLicenses.inferLicenses',
  showOrganizationAssignments: 'genesysLicenses.showOrganizationAssignments',
  exportUsers: 'genesysLicenses.exportUsers',
  refreshNode: 'genesysLicenses.refreshNode',
  loadMore: 'genesysLicenses.loadMore',
  loadAllUsers: 'genesysLicenses.loadAllUsers',
  filterUsers: 'genesysLicenses.filterUsers',
  clearUserFilter: 'genesysLicenses.clearUserFilter',
  copyAsJson: 'genesysLicenses.copyAsJson',
  showDetails: 'genesysLicenses.showDetails',
  openBatchAssignment: 'genesysLicenses.openBatchAssignment',
  addToBatch: 'genesysLicenses.addToBatch',
  explainUserLicenses: 'genesysLicenses.explainUserLicenses',
  whatIfRoles: 'genesysLicenses.whatIfRoles',
  checkLicenseHealth: 'genesysLicenses.checkLicenseHealth',
  showLicenseHealthReport: 'genesysLicenses.showLicenseHealthReport',
  exportLicenseHealth: 'genesysLicenses.exportLicenseHealth',
  fixHealthFinding: 'genesysLicenses.fixHealthFinding',
  saveSnapshot: 'genesysLicenses.saveSnapshot',
  compareSnapshots: 'genesysLicenses.compareSnapshots',
  restoreSnapshotLicenses: 'genesysLicenses.restoreSnapshotLicenses',
  openSnapshot: 'genesysLicenses.openSnapshot',
  compareSnapshotWithLive: 'genesysLicenses.compareSnapshotWithLive',
  compareSnapshotWithAnother: 'genesysLicenses.compareSnapshotWithAnother',
  deleteSnapshot: 'genesysLicenses.deleteSnapshot',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/**
 * The command families whose code loads on first use, each a bundle of its own (esbuild.js `LAZY_FAMILIES`, the
 * same names): activation registers these IDs and loads a family when one of its commands first runs. Every other
 * command is registered with its code at activation.
 */
export const LazyCommandFamilies = {
  userLicenses: [CommandIds.getUserLicenses, CommandIds.fetchUsersLicenses],
  definitions: [CommandIds.showDefinition, CommandIds.inferLicenses],
  toggles: [CommandIds.getToggle, CommandIds.flipToggle],
  organization: [CommandIds.showOrganizationAssignments, CommandIds.exportUsers],
  why: [CommandIds.explainUserLicenses, CommandIds.whatIfRoles],
  health: [CommandIds.checkLicenseHealth, CommandIds.showLicenseHealthReport, CommandIds.exportLicenseHealth, CommandIds.fixHealthFinding],
  snapshots: [
    CommandIds.saveSnapshot,
    CommandIds.compareSnapshots,
    CommandIds.restoreSnapshotLicenses,
    CommandIds.openSnapshot,
    CommandIds.compareSnapshotWithLive,
    CommandIds.compareSnapshotWithAnother,
    CommandIds.deleteSnapshot,
  ],
  batch: [CommandIds.openBatchAssignment, CommandIds.addToBatch],
} as const satisfies Record<string, readonly CommandId[]>;

export type LazyCommandFamily = keyof typeof LazyCommandFamilies;

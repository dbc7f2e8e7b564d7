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
  saveSnapshot: 'genesysLicenses.saveSnapshot',
  compareSnapshots: 'genesysLicenses.compareSnapshots',
  restoreSnapshotLicenses: 'genesysLicenses.restoreSnapshotLicenses',
  openSnapshot: 'genesysLicenses.openSnapshot',
  compareSnapshotWithLive: 'genesysLicenses.compareSnapshotWithLive',
  compareSnapshotWithAnother: 'genesysLicenses.compareSnapshotWithAnother',
  deleteSnapshot: 'genesysLicenses.deleteSnapshot',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

import type { LicenseDefinition } from '../api';
import type { SessionManager } from '../auth/sessionManager';
import type { Logger } from '../logging/logger';
import { PeopleLookup, type PeopleMessage } from './batchPeople';

/**
 * What the batch form reads from the signed-in org besides its previews: the license definitions (kept until the
 * session changes; a failed read is not kept) and the names of the users it shows (each read once per session).
 */
export class BatchOrgReads {
  private definitions?: Promise<LicenseDefinition[]>;
  private people?: PeopleLookup;

  constructor(
    private readonly sessions: SessionManager,
    private readonly logger: Logger,
  ) {}

  /** Another session: the definitions are read again from its org. */
  sessionChanged(): void {
    this.definitions = undefined;
  }

  orgDefinitions(): Promise<LicenseDefinition[]> {
    const client = this.sessions.requireClient();
    this.definitions ??= client.listDefinitions().catch((error: unknown) => {
      this.definitions = undefined; // not cached: the next use asks again
      throw error;
    });
    return this.definitions;
  }

  /** The IDs of the org's licenses, or undefined when they cannot be read (the draft is then checked without them). */
  knownLicenses(): Promise<Set<string> | undefined> {
    return this.orgDefinitions().then(
      (definitions) => new Set(definitions.flatMap((definition) => (definition.id ? [definition.id] : []))),
      () => undefined,
    );
  }

  /** The page was (re)loaded: it knows nobody's name. */
  pageLoaded(): void {
    this.peopleLookup()?.pageLoaded();
  }

  /** The names of `userIds` the page has not been told yet; undefined when there are none or they cannot be read. */
  async namesToTell(userIds: readonly string[], signal: AbortSignal): Promise<PeopleMessage | undefined> {
    try {
      return await this.peopleLookup()?.lookUp(userIds, signal);
    } catch (error) {
      if (!signal.aborted) {
        // Names are a nicety: the form keeps showing IDs.
        this.logger.warn(`Batch form: the users' names could not be read (${(error as Error).message}).`);
      }
      return undefined;
    }
  }

  private peopleLookup(): PeopleLookup | undefined {
    const client = this.sessions.current?.client;
    if (client && this.people?.client !== client) {
      this.people = new PeopleLookup(client);
    }
    return client ? this.people : undefined;
  }
}

/**
 * Waits until `check` passes on what `probe` gives (a tree's rows, a sandbox's request counts), polling, or fails
 * saying what it waited for. The time limit is generous: a busy machine is slow, not wrong.
 */
export async function eventually<T>(probe: () => T | Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until a condition holds (see `eventually`). */
export async function waitUntil(holds: () => boolean, what: string, timeoutMs?: number): Promise<void> {
  await eventually(holds, (held) => held, what, timeoutMs);
}

/**
 * The user a container runs as. A harness that is not root runs its containers as itself, so that files
 * the product writes into bind-mounted directories (the device's state) stay removable by the harness.
 * Root keeps the image's own user.
 */
export function containerUser(explicit: string | undefined, ids: { uid?: number; gid?: number } = { uid: process.getuid?.(), gid: process.getgid?.() }): string | undefined {
  if (explicit) return explicit;
  if (ids.uid === undefined || ids.uid === 0) return undefined;
  return `${ids.uid}:${ids.gid ?? ids.uid}`;
}

/**
 * Mode of private keys copied into a container. Copied files belong to root; a container running as
 * another user could not read a 0600 key. The container is private to one scenario and the keys are
 * throwaway test credentials, so 0644 is acceptable there.
 */
export function keyFileMode(user: string | undefined): number {
  return user === undefined || user === '0' || user.startsWith('0:') || user === 'root' ? 0o600 : 0o644;
}

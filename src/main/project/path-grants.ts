/**
 * The renderer never names a file by its path: it holds opaque tokens, each standing for a
 * path the user chose in a dialog or that is on the recent list (both decided in the main
 * process). A handler turns a token back into a path here; an unknown token is refused.
 */
import { randomUUID } from 'node:crypto';

export const MAX_GRANTS = 256;

export class PathGrants {
  private readonly byToken = new Map<string, string>();
  private readonly byPath = new Map<string, string>();

  constructor(private readonly max = MAX_GRANTS) {}

  /** A token for `path` (the same one while it is granted). */
  grant(path: string): string {
    const existing = this.byPath.get(path);
    if (existing !== undefined) {
      // Refresh its place in the insertion order, so the oldest grants are evicted first.
      this.byToken.delete(existing);
      this.byToken.set(existing, path);
      return existing;
    }
    const token = randomUUID();
    this.byToken.set(token, path);
    this.byPath.set(path, token);
    while (this.byToken.size > this.max) {
      const [oldToken, oldPath] = this.byToken.entries().next().value as [string, string];
      this.byToken.delete(oldToken);
      this.byPath.delete(oldPath);
    }
    return token;
  }

  /** The path behind `token`, or null when the token was never granted (or was revoked). */
  resolve(token: string): string | null {
    return this.byToken.get(token) ?? null;
  }

  revoke(token: string): void {
    const path = this.byToken.get(token);
    if (path === undefined) return;
    this.byToken.delete(token);
    this.byPath.delete(path);
  }
}

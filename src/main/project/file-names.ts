/** Characters no file name may contain on Windows, macOS or Linux, besides control characters. */
const FORBIDDEN = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|']);

function isForbiddenChar(ch: string): boolean {
  return FORBIDDEN.has(ch) || ch.charCodeAt(0) < 32;
}

/** A bare file name (no folder, no parent reference) that every platform accepts. */
export function isSafeFileName(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  if (/^\.+$/.test(name)) return false;
  for (const ch of name) if (isForbiddenChar(ch)) return false;
  return true;
}

/** A file name made from a project title: forbidden characters become spaces; "Untitled" if nothing is left. */
export function fileNameFromTitle(title: string): string {
  const safe = Array.from(title, (ch) => (isForbiddenChar(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return safe.length > 0 && safe.length <= 100 && isSafeFileName(safe) ? safe : 'Untitled';
}

/**
 * Text safety: which characters may never reach a key, a hint or a world description.
 * Control (Cc), format (Cf: zero-width, bidi overrides such as U+202E, soft hyphen...), line
 * and paragraph separators (Zl, Zp: U+2028, U+2029) and the Unicode TAG block (U+E0000-E007F,
 * invisible "ASCII smuggling") are refused, as the README promises. Descriptions may keep
 * ordinary whitespace (tab, LF, CR), which is collapsed before fingerprinting anyway.
 *   if (unsafeCharacter(text)) throw new InvalidInputError(...);
 * Cost: one regex test per string (no allocation on the happy path).
 */

/** Cc, Cf, Zl, Zp and the TAG block (Cf already covers most TAGs; listed for clarity). */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{E0000}-\u{E007F}]/u;
/** The same, allowing tab, LF and CR (multi-line descriptions). */
const UNSAFE_EXCEPT_WHITESPACE = /[^\P{Cc}\t\n\r]|[\p{Cf}\p{Zl}\p{Zp}\u{E0000}-\u{E007F}]/u;

/** A human-readable name for the first unsafe character, e.g. "U+202E", or null when none. */
export function unsafeCharacter(text: string, options: { allowWhitespace?: boolean } = {}): string | null {
  const m = (options.allowWhitespace ? UNSAFE_EXCEPT_WHITESPACE : UNSAFE).exec(text);
  if (!m) return null;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The error text used by every schema that refuses these characters. */
export const UNSAFE_CHARACTER_MESSAGE = 'control, format, bidi, line-separator and tag characters are not allowed';

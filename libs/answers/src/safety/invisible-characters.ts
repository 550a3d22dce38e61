/** Unicode tag block: invisible copies of ASCII, used to smuggle text past human readers. */
const TAG_FIRST = 0xe0000;
const TAG_LAST = 0xe007f;

/** Characters that render as nothing yet change what a model reads (zero-width, bidi overrides, tags). */
export function isInvisibleCharacter(codePoint: number): boolean {
  return (
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    (codePoint >= 0x2060 && codePoint <= 0x2064) ||
    codePoint === 0xfeff ||
    codePoint === 0x00ad ||
    (codePoint >= TAG_FIRST && codePoint <= TAG_LAST)
  );
}

/** C0 and C1 control characters and DEL, except line feed and tab. */
export function isForbiddenControlCharacter(codePoint: number): boolean {
  if (codePoint === 0x0a || codePoint === 0x09) return false;
  return codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f);
}

export function stripInvisible(text: string): string {
  let out = '';
  for (const char of text) {
    if (!isInvisibleCharacter(char.codePointAt(0) ?? 0)) out += char;
  }
  return out;
}

/** Makes tag-block text visible (U+E0041 → "A") so detectors see what a model would read. */
export function revealTagCharacters(text: string): string {
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const ascii = codePoint - TAG_FIRST;
    out +=
      codePoint >= TAG_FIRST && codePoint <= TAG_LAST && ascii >= 0x20 && ascii < 0x7f
        ? String.fromCharCode(ascii)
        : char;
  }
  return out;
}

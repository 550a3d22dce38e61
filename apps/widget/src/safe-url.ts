/** The URL as a link target when it is absolute http(s); anything else (javascript:, data:, relative) is not linked. */
export function safeHttpUrl(url: string | null): string | null {
  if (url === null || url.trim() === '') return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

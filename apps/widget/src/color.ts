export const DEFAULT_ACCENT = '#4f46e5';
const DARK_TEXT = '#111827';
const LIGHT_TEXT = '#ffffff';
const FALLBACK_LINK = '#1d4ed8';

/** The inbox colour when it is a #rrggbb hex, else the default; anything else must never reach the stylesheet. */
export function accentColor(color: string | null | undefined): string {
  return typeof color === 'string' && /^#[0-9a-fA-F]{6}$/.test(color) ? color.toLowerCase() : DEFAULT_ACCENT;
}

function channel(hex: string, offset: number): number {
  const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White or near-black, whichever reads better on the accent colour. */
export function textColorOn(accent: string): string {
  return contrastRatio(accent, LIGHT_TEXT) >= contrastRatio(accent, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}

/** The accent for links on white when it has AA contrast there, else a readable blue. */
export function linkColorFor(accent: string): string {
  return contrastRatio(accent, LIGHT_TEXT) >= 4.5 ? accent : FALLBACK_LINK;
}

/** The colour as rgba() with the given opacity, for focus halos. */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16));
  return `rgba(${r ?? 0}, ${g ?? 0}, ${b ?? 0}, ${alpha})`;
}

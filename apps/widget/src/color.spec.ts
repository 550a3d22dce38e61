import { accentColor, contrastRatio, DEFAULT_ACCENT, linkColorFor, textColorOn, withAlpha } from './color';

describe('colour helpers', () => {
  it('accepts only #rrggbb accents, so nothing else reaches the stylesheet', () => {
    expect(accentColor('#12AB9f')).toBe('#12ab9f');
    expect(accentColor('red')).toBe(DEFAULT_ACCENT);
    expect(accentColor('#fff; background:url(x)')).toBe(DEFAULT_ACCENT);
    expect(accentColor(null)).toBe(DEFAULT_ACCENT);
  });

  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
  });

  it('picks readable text on the accent', () => {
    expect(textColorOn('#4f46e5')).toBe('#ffffff');
    expect(textColorOn('#fde047')).toBe('#111827');
  });

  it('uses the accent for links only when it is readable on white', () => {
    expect(linkColorFor('#4f46e5')).toBe('#4f46e5');
    expect(linkColorFor('#fde047')).not.toBe('#fde047');
  });

  it('writes rgba', () => {
    expect(withAlpha('#4f46e5', 0.2)).toBe('rgba(79, 70, 229, 0.2)');
  });
});

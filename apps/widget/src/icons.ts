const SVG_NS = 'http://www.w3.org/2000/svg';

const PATHS = {
  chat: 'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v9a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V17A2.5 2.5 0 0 1 4 14.5z',
  close: 'M6 6l12 12M18 6L6 18',
  chevronDown: 'M6 9l6 6 6-6',
  send: 'M4.5 12h13M12 5.5l6.5 6.5-6.5 6.5',
  thumbUp:
    'M7 10v10M7 10l4-7a2 2 0 0 1 2.9 2.2L13 9h5.2a2 2 0 0 1 2 2.4l-1.5 7A2 2 0 0 1 16.7 20H7M7 10H4.5A1.5 1.5 0 0 0 3 11.5v7A1.5 1.5 0 0 0 4.5 20H7',
  thumbDown:
    'M17 14V4m0 10l-4 7a2 2 0 0 1-2.9-2.2L11 15H5.8a2 2 0 0 1-2-2.4l1.5-7A2 2 0 0 1 7.3 4H17m0 10h2.5a1.5 1.5 0 0 0 1.5-1.5v-7A1.5 1.5 0 0 0 19.5 4H17',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0',
  paperclip: 'M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l7.8-7.8a3.3 3.3 0 0 1 4.7 4.7l-7.8 7.8a1.7 1.7 0 0 1-2.4-2.4l7.1-7.1',
} as const;

export type IconName = keyof typeof PATHS;

/** A decorative stroked icon; hidden from assistive technology, the button around it carries the name. */
export function icon(name: IconName, size = 20, className = ''): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('fill', name === 'chat' ? 'currentColor' : 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', name === 'chat' ? '0' : '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  if (className !== '') svg.setAttribute('class', className);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.appendChild(path);
  return svg;
}

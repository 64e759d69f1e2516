/**
 * Where the caret of a textarea is on screen, relative to the textarea's box: a hidden mirror
 * element with the same font, padding and wrapping holds the text up to the caret and a
 * marker, whose offset is the caret's.
 */

const COPIED = [
  'boxSizing', 'width', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'paddingTop',
  'paddingRight', 'paddingBottom', 'paddingLeft', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize',
  'lineHeight', 'fontFamily', 'textAlign', 'textTransform', 'textIndent', 'letterSpacing', 'wordSpacing', 'tabSize',
] as const;

/** The caret's top and left (pixels from the textarea's border box, scroll taken off) and the line height. */
export function caretCoordinates(el: HTMLTextAreaElement, offset: number): { top: number; left: number; lineHeight: number } {
  const style = getComputedStyle(el);
  const mirror = document.createElement('div');
  for (const p of COPIED) mirror.style[p] = style[p];
  mirror.style.position = 'absolute';
  mirror.style.visibility = 'hidden';
  mirror.style.whiteSpace = 'pre-wrap';
  mirror.style.overflowWrap = 'break-word';
  mirror.style.top = '0';
  mirror.style.left = '-9999px';
  mirror.textContent = el.value.slice(0, offset);
  const marker = document.createElement('span');
  marker.textContent = el.value.slice(offset) || '.';
  mirror.append(marker);
  document.body.append(mirror);
  const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.4;
  const out = { top: marker.offsetTop - el.scrollTop, left: marker.offsetLeft - el.scrollLeft, lineHeight };
  mirror.remove();
  return out;
}

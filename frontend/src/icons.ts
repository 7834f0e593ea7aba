import arrowClockwise from 'bootstrap-icons/icons/arrow-clockwise.svg?raw';
import arrowCounterclockwise from 'bootstrap-icons/icons/arrow-counterclockwise.svg?raw';
import arrowDown from 'bootstrap-icons/icons/sort-down.svg?raw';
import arrowUp from 'bootstrap-icons/icons/sort-up.svg?raw';
import boxArrowRight from 'bootstrap-icons/icons/box-arrow-right.svg?raw';
import chevronLeft from 'bootstrap-icons/icons/chevron-left.svg?raw';
import clockHistory from 'bootstrap-icons/icons/clock-history.svg?raw';
import collection from 'bootstrap-icons/icons/collection.svg?raw';
import download from 'bootstrap-icons/icons/download.svg?raw';
import envelope from 'bootstrap-icons/icons/envelope.svg?raw';
import eraser from 'bootstrap-icons/icons/eraser.svg?raw';
import hourglass from 'bootstrap-icons/icons/hourglass-split.svg?raw';
import key from 'bootstrap-icons/icons/key.svg?raw';
import moon from 'bootstrap-icons/icons/moon-stars.svg?raw';
import pencil from 'bootstrap-icons/icons/pencil.svg?raw';
import plus from 'bootstrap-icons/icons/plus-lg.svg?raw';
import people from 'bootstrap-icons/icons/people.svg?raw';
import personCircle from 'bootstrap-icons/icons/person-circle.svg?raw';
import personDash from 'bootstrap-icons/icons/person-dash.svg?raw';
import personPlus from 'bootstrap-icons/icons/person-plus.svg?raw';
import search from 'bootstrap-icons/icons/search.svg?raw';
import shieldLock from 'bootstrap-icons/icons/shield-lock.svg?raw';
import slash from 'bootstrap-icons/icons/slash-circle.svg?raw';
import speedometer from 'bootstrap-icons/icons/speedometer2.svg?raw';
import sun from 'bootstrap-icons/icons/sun.svg?raw';
import trash from 'bootstrap-icons/icons/trash.svg?raw';
import unlock from 'bootstrap-icons/icons/unlock.svg?raw';
import check from 'bootstrap-icons/icons/check-circle.svg?raw';
import xCircle from 'bootstrap-icons/icons/x-circle.svg?raw';

/**
 * Bootstrap Icons as inline SVG, only the ones the console shows: a few hundred bytes each
 * instead of the 130 KB icon font (docs/decisions/0041-console-assets.md). The markup is the
 * package's own files, bundled at build time, never data.
 */
const SOURCES = {
  arrowClockwise,
  arrowCounterclockwise,
  arrowDown,
  arrowUp,
  boxArrowRight,
  check,
  chevronLeft,
  clockHistory,
  collection,
  download,
  envelope,
  eraser,
  hourglass,
  key,
  moon,
  pencil,
  people,
  personCircle,
  personDash,
  personPlus,
  plus,
  search,
  shieldLock,
  slash,
  speedometer,
  sun,
  trash,
  unlock,
  xCircle,
};

export type IconName = keyof typeof SOURCES;

const parsed = new Map<IconName, SVGElement>();

/** A decorative icon (hidden from screen readers: the control next to it carries the words). */
export function icon(name: IconName, extraClass = ''): SVGElement {
  let svg = parsed.get(name);
  if (!svg) {
    const doc = new DOMParser().parseFromString(SOURCES[name], 'image/svg+xml');
    svg = doc.documentElement as unknown as SVGElement;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    parsed.set(name, svg);
  }
  const copy = document.importNode(svg, true);
  if (extraClass) copy.classList.add(...extraClass.split(' '));
  return copy;
}

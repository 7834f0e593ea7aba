import UAParser from 'ua-parser-js';

/**
 * A session's browser, system and device in words, from the User-Agent header it signed in
 * with, by ua-parser-js (1.x: MIT; 2.x is AGPL). The header is whatever the client sent, so what
 * cannot be read stays as the client's own first word ("curl/8.5.0") rather than a guess.
 */
export interface Device {
  /** "Firefox 128", or the header's first word when no browser is recognised. */
  browser: string;
  /** "Windows 10", "iOS 17.4"; '' when unknown. */
  os: string;
  /** "Apple iPhone, phone", "Tablet", "Computer"; '' when unknown. */
  device: string;
}

const KINDS: Record<string, string> = {
  mobile: 'phone',
  tablet: 'tablet',
  smarttv: 'TV',
  console: 'game console',
  wearable: 'wearable',
  embedded: 'embedded device',
};

// Systems that run on computers: with one of them and no device named, the device is a computer.
const DESKTOPS = /^(Windows|Mac OS|macOS|Linux|Ubuntu|Debian|Fedora|Chromium OS|Chrome OS|FreeBSD|OpenBSD)/;

const words = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ');

export function describeUserAgent(header: string | null): Device | null {
  if (!header?.trim()) return null;
  const { browser, os, device } = new UAParser(header).getResult();
  const major = browser.version?.split('.')[0];
  const named = words(device.vendor, device.model);
  const kind = device.type ? (KINDS[device.type] ?? device.type) : '';
  const computer = !device.type && !named && os.name && DESKTOPS.test(os.name) ? 'Computer' : '';
  return {
    browser: browser.name ? words(browser.name, major) : (header.trim().split(/\s+/)[0] ?? '').slice(0, 40),
    os: words(os.name, os.version),
    device:
      named && kind
        ? `${named}, ${kind}`
        : named || (kind && kind[0]!.toUpperCase() + kind.slice(1)) || computer,
  };
}

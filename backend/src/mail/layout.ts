/**
 * What every mail shares: the product's name, HTML escaping, and the frame around a message.
 * Templates build their HTML with `html`, whose interpolations are escaped, so a name such as
 * `<b>Eve</b>` arrives as text (issue 14: bodies escaped).
 */

export const PRODUCT_NAME = 'User Management System';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Already-escaped HTML, so `html` leaves it alone when it is interpolated again. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A tagged template: every `${value}` is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += value instanceof SafeHtml ? value.value : escapeHtml(String(value));
    out += strings[i + 1] ?? '';
  });
  return new SafeHtml(out);
}

/** The page every HTML mail is: a heading, paragraphs, one button with its link, a footnote. */
export function frame(parts: {
  heading: string;
  paragraphs: string[];
  button: string;
  link: string;
  footnote: string;
}): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${parts.heading}</title>
      </head>
      <body
        style="font-family: system-ui, sans-serif; line-height: 1.5; color: #212529; max-width: 36rem; margin: 2rem auto; padding: 0 1rem"
      >
        <p style="color: #6c757d">${PRODUCT_NAME}</p>
        <h1 style="font-size: 1.4rem">${parts.heading}</h1>
        ${new SafeHtml(parts.paragraphs.map((p) => html`<p>${p}</p>`.value).join('\n'))}
        <p>
          <a
            href="${parts.link}"
            style="display: inline-block; padding: .5rem 1rem; background: #0d6efd; color: #fff; text-decoration: none; border-radius: .375rem"
            >${parts.button}</a
          >
        </p>
        <p style="font-size: .875rem; color: #6c757d">
          If the button does not work, copy this address into your browser:<br />${parts.link}
        </p>
        <p style="font-size: .875rem; color: #6c757d">${parts.footnote}</p>
      </body>
    </html>`.value;
}

/** The plain-text twin of `frame`. */
export function plain(parts: {
  heading: string;
  paragraphs: string[];
  button: string;
  link: string;
  footnote: string;
}): string {
  return [
    PRODUCT_NAME,
    '',
    parts.heading,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    `${parts.button}:`,
    parts.link,
    '',
    parts.footnote,
    '',
  ].join('\n');
}

/** "7 days", "1 hour": how long a link holds, as a person says it. */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

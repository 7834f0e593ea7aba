/**
 * The token of a mailed link, from the URL's fragment (`#token=…`), which browsers never send to
 * a server. It is taken out of the address bar at once, so it stays in no history entry.
 */
export function takeLinkToken(): string {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}

import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy between a server process and PostgreSQL that can stop a connection just before a
 * chosen statement, for as long as a test likes. Locks held from a test connection make
 * transactions wait at a lock; they cannot stop one between two statements that take no lock
 * (a plain read and the `for update` after it), which is where a decision made on a stale
 * read goes wrong. Only what the client sends is held; answers flow as they come.
 *
 * It reads just enough of the protocol (https://www.postgresql.org/docs/current/protocol-message-formats.html)
 * to know each statement's text: a simple Query, a Parse, or a Bind of a statement parsed
 * earlier under a name (named statements are sent as text only once per connection).
 */
export interface Held {
  /** The text of the statement being held. */
  statement: string;
  /** Lets the held statement, and whatever the connection sent after it, go on. */
  release: () => void;
}

export interface PausingProxy {
  /** `databaseUrl` with the proxy's address in place of the server's. */
  url: string;
  /** Holds the next statement, on any connection, whose text matches; resolves once it is held. */
  holdNext: (match: RegExp) => Promise<Held>;
  close: () => Promise<void>;
}

const SSL_REQUEST = 80877103;

export async function startPausingProxy(databaseUrl: string): Promise<PausingProxy> {
  const target = new URL(databaseUrl);
  let armed: { match: RegExp; held: (hold: Held) => void } | null = null;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      // Without it, Nagle's algorithm holds small writes back some 40 ms at each round trip.
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);

    const statements = new Map<string, string>();
    let pending = Buffer.alloc(0);
    let started = false;
    let holding = false;

    const forward = () => {
      while (!holding) {
        // The first message (startup, or a request for TLS) has no type byte.
        const typed = started ? 1 : 0;
        if (pending.length < typed + 4) return;
        const length = pending.readInt32BE(typed) + typed;
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        if (!started) started = length !== 8 || message.readInt32BE(4) !== SSL_REQUEST;
        const text = typed ? statementText(message, statements) : undefined;
        if (text !== undefined && armed?.match.test(text)) {
          const { held } = armed;
          armed = null;
          holding = true;
          held({
            statement: text,
            release: () => {
              holding = false;
              forward();
            },
          });
          return;
        }
        upstream.write(message);
        pending = pending.subarray(length);
      }
    };
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    holdNext: (match) =>
      new Promise((resolve) => {
        if (armed) throw new Error('a hold is already waiting for its statement');
        armed = { match, held: resolve };
      }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The SQL a message runs, if it is a Query, a Parse or a Bind. */
function statementText(message: Buffer, statements: Map<string, string>): string | undefined {
  const strings = (from: number, count: number): string[] => {
    const found: string[] = [];
    for (let at = from; found.length < count;) {
      const end = message.indexOf(0, at);
      found.push(message.toString('utf8', at, end));
      at = end + 1;
    }
    return found;
  };
  switch (String.fromCharCode(message[0]!)) {
    case 'Q':
      return strings(5, 1)[0];
    case 'P': {
      const [name, text] = strings(5, 2) as [string, string];
      statements.set(name, text);
      return text;
    }
    case 'B':
      return statements.get(strings(5, 2)[1]!);
    default:
      return undefined;
  }
}

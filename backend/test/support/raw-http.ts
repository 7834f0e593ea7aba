import { connect, type Socket } from 'node:net';

/** Sends raw bytes and reads everything the server answers until it closes the connection. */
export function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

export interface RawAnswer {
  statusLine: string;
  /** Header lines, lower-cased. */
  headers: string[];
  body: unknown;
}

/** Splits one HTTP/1.1 answer into its status line, headers and JSON body. */
export function parseAnswer(answer: string): RawAnswer {
  const split = answer.indexOf('\r\n\r\n');
  const head = answer.slice(0, split);
  const body = answer.slice(split + 4);
  const [statusLine = '', ...headers] = head.split('\r\n');
  return { statusLine, headers: headers.map((h) => h.toLowerCase()), body: JSON.parse(body) as unknown };
}

/** The value of one header of a parsed answer, or undefined. */
export function headerOf(answer: RawAnswer, name: string): string | undefined {
  const prefix = `${name.toLowerCase()}: `;
  return answer.headers.find((h) => h.startsWith(prefix))?.slice(prefix.length);
}

/** An open connection: what it has received so far, and a promise of its close. */
export function openConnection(port: number): Promise<{
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
  });
}

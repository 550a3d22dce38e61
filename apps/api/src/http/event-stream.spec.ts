import express, { Response } from 'express';
import { Server } from 'node:http';
import { AddressInfo, Socket, connect } from 'node:net';
import { EventStream } from './event-stream';

interface Opened {
  stream: EventStream;
  response: Response;
}

/** A real express server whose one route opens an EventStream and hands it to the test. */
async function serve(): Promise<{ server: Server; port: number; opened: Promise<Opened> }> {
  let open!: (opened: Opened) => void;
  const opened = new Promise<Opened>((resolve) => (open = resolve));
  const app = express();
  app.get('/events', (_request, response) => open({ stream: new EventStream(response, null), response }));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, port: (server.address() as AddressInfo).port, opened };
}

/** The raw bytes of each socket read after the response headers, so socket writes can be counted. */
function readChunks(socket: Socket): { chunks: string[]; next: () => Promise<void> } {
  const chunks: string[] = [];
  let arrived: () => void = () => undefined;
  let headersSeen = false;
  socket.on('data', (data: Buffer) => {
    const text = data.toString();
    if (!headersSeen) {
      headersSeen = true;
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      if (body) chunks.push(body);
    } else chunks.push(text);
    arrived();
  });
  return { chunks, next: () => new Promise<void>((resolve) => (arrived = resolve)) };
}

describe('EventStream', () => {
  let server: Server;
  let socket: Socket;

  afterEach(async () => {
    socket?.destroy();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(): Promise<Opened & { chunks: string[]; next: () => Promise<void> }> {
    const served = await serve();
    server = served.server;
    socket = connect(served.port, '127.0.0.1');
    const reading = readChunks(socket);
    const headers = reading.next();
    socket.write('GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const opened = await served.opened;
    await headers;
    return { ...opened, ...reading };
  }

  it('holds the events of one tick back and sends them together, in order, on the next tick (Node corks chunked responses)', async () => {
    const { stream, response, chunks, next } = await open();
    const arrived = next();
    stream.send('answer.token', { text: 'Hello ' });
    stream.send('answer.token', { text: 'world' });
    stream.send('message', { id: 'm1' });
    // Corked: the three writes wait in the stream for one socket write at the end of the tick.
    expect(response.writableCorked).toBe(1);
    await arrived;
    expect(response.writableCorked).toBe(0);
    const joined = chunks.join('');
    expect(joined.indexOf('Hello')).toBeLessThan(joined.indexOf('world'));
    expect(joined.indexOf('world')).toBeLessThan(joined.indexOf('"m1"'));
  });

  it('uncorks on the next tick, so an event of a later tick is not held back', async () => {
    const { stream, chunks, next } = await open();
    let arrived = next();
    stream.send('answer.token', { text: 'first' });
    await arrived;
    arrived = next();
    stream.send('answer.token', { text: 'second' });
    await arrived;
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toContain('second');
  });

  it('drops writes once the response has ended', async () => {
    const { stream } = await open();
    stream.end();
    expect(stream.open).toBe(false);
    expect(() => stream.send('message', { id: 'late' })).not.toThrow();
  });
});

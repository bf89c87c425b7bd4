import { Writable } from 'node:stream';
import type { Logger } from '../../src/core/ports.ts';

export interface LogLine {
  level: string;
  msg?: string;
  [key: string]: unknown;
}

export interface MemoryLogger extends Logger {
  lines: LogLine[];
}

/** A logger that keeps what it was told, for assertions. */
export function createMemoryLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): MemoryLogger {
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ ...bindings, ...obj, level, ...(msg ? { msg } : {}) });
  };
  return {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createMemoryLogger(lines, { ...bindings, ...more }),
  };
}

/** A stream for the real (pino) logger that keeps each JSON line it is given, parsed. */
export function createLogCapture<T = Record<string, unknown>>(): { lines: T[]; sink: Writable } {
  const lines: T[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as T);
      done();
    },
  });
  return { lines, sink };
}

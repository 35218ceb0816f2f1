/**
 * Synchronous writes to a file descriptor (stdout = 1), for the CLI's report:
 * no stream buffering, so memory stays flat however large the report, and the
 * same code works when stdout is a file, a terminal or a pipe. A pipe may be
 * in non-blocking mode (EAGAIN when the reader is behind): wait a moment and
 * retry. Partial writes continue where they stopped. Other errors (EPIPE when
 * the reader has gone, ENOSPC, ...) are thrown to the caller.
 */
import { writeSync } from 'node:fs';

/** How long to wait before retrying a write the pipe refused (EAGAIN). */
const RETRY_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** The error code of a Node system error, if it is one. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const code = (e as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** fs.writeSync's buffer form: bytes written, or throws. */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/**
 * One buffer the text is encoded into, reused by every write: a report is
 * thousands of 64 KB chunks, and a new Buffer each (Buffer.from) cost more
 * than the encoding itself (allocation, zeroing, external-memory GC).
 */
let scratch = Buffer.allocUnsafe(0);

/** Writes all of `text` (as UTF-8) to `fd`, retrying on EAGAIN and after partial writes. */
export function writeAllSync(fd: number, text: string, write: WriteFn = writeSync): void {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair: 4 for 2).
  if (scratch.length < text.length * 3) scratch = Buffer.allocUnsafe(text.length * 3);
  const length = scratch.write(text, 0, 'utf8');
  writeAllBytesSync(fd, scratch, length, write);
}

/** Writes bytes[0, length) to `fd`, retrying on EAGAIN and after partial writes. */
export function writeAllBytesSync(
  fd: number,
  bytes: Uint8Array,
  length: number = bytes.length,
  write: WriteFn = writeSync,
): void {
  let offset = 0;
  while (offset < length) {
    try {
      offset += write(fd, bytes, offset, length - offset);
    } catch (e) {
      if (errorCode(e) !== 'EAGAIN') throw e;
      sleep(RETRY_MS);
    }
  }
}

/** A chunk sink writing synchronously to `fd`. */
export function fdSink(fd: number): (chunk: string) => void {
  return (chunk) => writeAllSync(fd, chunk);
}

/** A byte sink writing synchronously to `fd` (the report writers' UTF-8 bytes, as they are). */
export function fdByteSink(fd: number): (bytes: Uint8Array) => void {
  return (bytes) => writeAllBytesSync(fd, bytes);
}

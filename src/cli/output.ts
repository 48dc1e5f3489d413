/**
 * Where `generate` writes its dataset, as it goes: stdout, or `--out <file>` through
 * `<file>.partial`, renamed to `<file>` only once every record is written. A crash or an
 * interrupt therefore never leaves a file that looks complete (the `.partial` file holds what
 * was written so far and is replaced by the next run).
 *   const sink = await openRecordSink({ format: 'jsonl', stage: 'both', out: 'tokyo.jsonl' });
 *   sink.write(record); await sink.ready(); ...; await sink.finish();
 * Cost: one write per record; memory is bounded by the stream's buffer plus what the caller
 * writes between two `ready()` calls.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { inspect } from 'node:util';
import { CliExit, EXIT } from './exit-codes.js';
import { type ExportFormat, type ExportRecord, type ExportStage, recordEncoder } from './export.js';

export interface RecordSink {
  /** Queue one record (in output order). */
  write(record: ExportRecord): void;
  /** Resolves when the stream has room again (backpressure); rejects if writing failed. */
  ready(): Promise<void>;
  /** Close the output: the JSON array, then (for a file) rename `<out>.partial` to `<out>`. */
  finish(): Promise<void>;
  /** Stop writing after a failure; the `.partial` file stays, the output file is not created. */
  abort(): void;
  /** Records written so far. */
  readonly written: number;
}

export const partialPath = (out: string): string => `${out}.partial`;

export async function openRecordSink(options: { format: ExportFormat; stage: ExportStage; out?: string }): Promise<RecordSink> {
  const encoder = recordEncoder(options.format, options.stage);
  let stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
  let file: WriteStream | null = null;
  if (options.out) {
    const partial = partialPath(options.out);
    try {
      const handle = await open(partial, 'w');
      file = handle.createWriteStream();
    } catch (err) {
      throw new CliExit(EXIT.usage, `Cannot write ${partial} (for --out ${options.out}): ${(err as Error).message}`, { cause: err });
    }
    stream = file;
  } else {
    stream = process.stdout;
  }
  let failure: unknown = null;
  const onError = (err: unknown) => (failure ??= err);
  stream.on('error', onError);
  const check = () => {
    if (failure)
      throw new CliExit(
        EXIT.failed,
        `Cannot write ${options.out ?? 'to stdout'}: ${failure instanceof Error ? failure.message : inspect(failure)}`,
        { cause: failure },
      );
  };
  let written = 0;
  const ready = async (): Promise<void> => {
    check();
    if (!stream.writableNeedDrain) return;
    // once() rejects on 'error' by itself and removes both its listeners when it settles (a
    // race with a second once(stream, 'error') left one error listener behind per drain).
    await once(stream, 'drain').catch(onError);
    check();
  };
  return {
    get written() {
      return written;
    },
    write(record) {
      check();
      stream.write(encoder.record(record));
      written++;
    },
    ready,
    async finish() {
      check();
      stream.write(encoder.end());
      if (file) {
        file.end();
        await once(file, 'close').catch(onError);
        check();
        await rename(partialPath(options.out!), options.out!);
      } else {
        await ready();
      }
      stream.off('error', onError);
    },
    abort() {
      file?.destroy(); // the error listener stays, so a late write error is not thrown
    },
  };
}

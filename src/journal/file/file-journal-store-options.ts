import { z } from 'zod'

/**
 * Options of {@link capstan!openFileJournalStore | openFileJournalStore}.
 */
export const FileJournalStoreOptions = z
  .object({
    /** The directory of the journal (created when missing). One process writes it at a time. */
    dir: z.string().min(1).describe('The journal directory'),
    /**
     * The durability window, in ms (default 10): appends that arrive within
     * it share one fsync. `append` resolves once its entries are synced, so
     * an append waits up to this long (plus the fsync) when the journal was
     * quiet; 0 syncs on the next turn of the event loop, still sharing the
     * fsync with appends made while one runs.
     */
    syncIntervalMs: z.number().int().min(0).max(10_000).default(10).describe('Appends within this many ms share one fsync'),
    /** A segment file is full past this many bytes (default 64 MiB; 4 KiB to 1 GiB): the next append starts a new one. */
    maxSegmentBytes: z
      .number()
      .int()
      .min(4096)
      .max(1024 ** 3)
      .default(64 * 1024 ** 2)
      .describe('Bytes after which a new segment file starts'),
    /**
     * What to keep; whole segments are dropped, oldest first, never the
     * newest one. Checked on open and whenever a segment fills.
     */
    retention: z
      .object({
        /** Drop a segment once its newest entry's `time` is older than this (ms). */
        maxAgeMs: z.number().int().positive().optional(),
        /** Drop a segment once the entries after it are at least this many. */
        maxEntries: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

/** Options of {@link capstan!openFileJournalStore | openFileJournalStore}, as an application passes them. */
export type FileJournalStoreOptions = z.input<typeof FileJournalStoreOptions>

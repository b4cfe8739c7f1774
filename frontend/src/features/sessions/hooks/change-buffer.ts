import type { SessionCardFragment } from '@/gql/graphql';

/** The buffered changes of one session: its newest state, and what the changes on the way did. */
export interface BufferedChange {
  /** The session as it is now; null once deleted. */
  session: SessionCardFragment | null;
  /** Created, started, stopped or deleted on the way: the counts change. */
  moved: boolean;
  /** Created on the way: no earlier state to take out of a count. */
  created: boolean;
}

/** What `later` adds to `earlier`: the newer state, and everything that happened on the way. */
function merge(earlier: BufferedChange | undefined, later: BufferedChange): BufferedChange {
  if (!earlier) return later;
  return { session: later.session, moved: earlier.moved || later.moved, created: earlier.created };
}

/**
 * Coalesces a stream of session changes: keeps the newest state of each session and hands the
 * whole batch to the writer at most once every `waitMs` (a burst of thousands of events costs one
 * write). A writer that answers false cannot take the batch now: it is kept (changes that came
 * meanwhile are newer and win) and offered again after another `waitMs`.
 */
export class ChangeBuffer {
  private pending = new Map<string, BufferedChange>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writer: (batch: ReadonlyMap<string, BufferedChange>) => boolean = () => false;

  constructor(private readonly waitMs: number) {}

  /** The function batches go to (the newest one is used). */
  setWriter(writer: (batch: ReadonlyMap<string, BufferedChange>) => boolean): void {
    this.writer = writer;
  }

  /** Buffers a change of `kind` (a `SessionUpdateKind`); `session` null when deleted. */
  add(id: string, session: SessionCardFragment | null, kind: string): void {
    const moved = session === null || kind === 'CREATED' || kind === 'STATUS' || kind === 'DELETED';
    this.pending.set(id, merge(this.pending.get(id), { session, moved, created: kind === 'CREATED' }));
    this.schedule();
  }

  /** Hands what is buffered to the writer now. */
  flush(): void {
    this.cancel();
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    if (this.writer(batch)) return;
    for (const [id, later] of this.pending) batch.set(id, merge(batch.get(id), later));
    this.pending = batch;
    this.schedule();
  }

  /** Drops what is buffered and stops the timer (the list is gone). */
  dispose(): void {
    this.cancel();
    this.pending = new Map();
  }

  get size(): number {
    return this.pending.size;
  }

  private schedule(): void {
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.waitMs);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

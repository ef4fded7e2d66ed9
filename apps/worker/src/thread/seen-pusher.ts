import type { ProcessorHost } from '../../../../libs/application/src/processing/processor-host';
import type { ProcessorLeases } from '../../../../libs/application/src/processing/processor-leases';
import type { ProcessorRunner } from '../../../../libs/application/src/processing/processor-runner';
import type { MirroredProcessor, SeenUpdate } from './seen-mirror';

type Push = { readonly holdsAll: boolean; readonly runners: readonly SeenUpdate[] };

/**
 * The thread's side of SeenMirror: whenever runners advance (or stop), one push with each
 * changed runner's state, sent once the current step is done (a microtask later) so that the
 * runners finishing together share it. Lease changes are caught by `checkLeases` (called on
 * the status timer) when no runner moves.
 */
export class SeenPusher {
  private readonly runners: readonly ProcessorRunner[];
  private readonly changed = new Set<ProcessorRunner>();
  private readonly unlisten: ReadonlyArray<() => void>;
  private scheduled = false;
  private holdsAll: boolean | null = null;

  constructor(
    private readonly worker: { readonly host: Pick<ProcessorHost, 'list'>; readonly leases: Pick<ProcessorLeases, 'holdsAll'> },
    private readonly send: (push: Push) => void,
  ) {
    this.runners = worker.host.list();
    this.unlisten = this.runners.map((runner) => runner.onProgress(() => this.mark(runner)));
    for (const runner of this.runners) this.changed.add(runner);
    this.schedule(); // the first push: every runner as it stands
  }

  /** What the mirror needs to know of each runner, once. */
  describe(): MirroredProcessor[] {
    return this.runners.map((r) => ({ name: r.name, eventTypes: r.eventTypes, appendsFollowUps: r.appendsFollowUps }));
  }

  checkLeases(): void {
    if (this.worker.leases.holdsAll() !== this.holdsAll) this.schedule();
  }

  stop(): void {
    for (const unlisten of this.unlisten) unlisten();
  }

  private mark(runner: ProcessorRunner): void {
    this.changed.add(runner);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.push());
  }

  private push(): void {
    this.scheduled = false;
    this.holdsAll = this.worker.leases.holdsAll();
    const runners = [...this.changed].map((r): SeenUpdate => [r.name, r.seenPosition, r.releases]);
    this.changed.clear();
    this.send({ holdsAll: this.holdsAll, runners });
  }
}

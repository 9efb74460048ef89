/** Gives a place back; calling it again does nothing. */
export type Release = () => void;

/**
 * A bound on work in flight in this process. A request past the bound waits a little for a place
 * (its body unread, so it costs a socket, not memory), then is turned away; so is one that finds
 * the waiting line full.
 */
export class Slots {
  private taken = 0;
  private readonly waiting: ((release: Release | undefined) => void)[] = [];

  constructor(
    readonly size: number,
    private readonly waitMs: number,
    /**
     * A waiting request holds a socket, not its body. The line fits the documents step of a crowd:
     * in `npm run loadtest` (200 people, 2 workers) a line of 4 × the places turned 11–19 uploads a
     * minute away at once while every one that waited got a place within 5 s.
     */
    private readonly maxWaiting = size * 16,
  ) {}

  get inUse(): number {
    return this.taken;
  }

  /** A place, or undefined when none came free in time. */
  take(): Promise<Release | undefined> {
    if (this.taken < this.size) return Promise.resolve(this.grant());
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const wake = (release: Release | undefined) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(wake), 1);
        resolve(undefined);
      }, this.waitMs);
      this.waiting.push(wake);
    });
  }

  private grant(): Release {
    this.taken += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.taken -= 1;
      const next = this.waiting.shift();
      if (next) next(this.grant());
    };
  }
}

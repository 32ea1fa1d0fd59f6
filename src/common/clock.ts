import { londonDate } from './dates';

/** The one source of "now" (DESIGN §2): logic takes dates as arguments, services ask the clock. */
export abstract class Clock {
  abstract now(): Date;

  /** Today's Europe/London calendar date, `YYYY-MM-DD`. */
  today(): string {
    return londonDate(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests and commands can set, e.g. to replay a day. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  now(): Date {
    return new Date(this.instant);
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}

import { ICalCalendar, ICalCalendarMethod, ICalEvent, ICalEventTransparency } from 'ical-generator';
import { addDays } from '../common/dates';
import { foldLines } from './fold-lines';
import { FeedEvent } from './feed-events';

/** How often clients are asked to fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 6 * 60 * 60;

const END = 'END:VCALENDAR';

/**
 * Writes a calendar a piece at a time, every piece rendered by ical-generator: the calendar's own
 * lines from an event-less calendar, then each event as `ICalEvent` renders it. Its
 * `calendar.toString()` would build the whole feed in memory at once; this lets the feed be
 * streamed a page of the register at a time. Every piece is folded and ends in CRLF.
 */
export class IcsWriter {
  private readonly calendar: ICalCalendar;

  constructor(
    name: string,
    /** DTSTAMP of every event: with METHOD:PUBLISH, when this copy of the feed was made. */
    private readonly stamp: Date,
  ) {
    this.calendar = new ICalCalendar({
      prodId: { company: 'London Contract Register', product: 'Contract Register', language: 'EN' },
      name,
      description:
        "Contracts' key dates and joint procurement deadlines from the Contract Register",
      method: ICalCalendarMethod.PUBLISH,
      scale: 'gregorian',
      ttl: REFRESH_SECONDS,
    });
  }

  /** BEGIN:VCALENDAR and the calendar's properties. */
  header(): string {
    const whole = this.calendar.toString();
    return whole.slice(0, whole.lastIndexOf(END));
  }

  /** The events, one VEVENT each, in the order given. */
  events(events: readonly FeedEvent[]): string {
    let text = '';
    for (const event of events) {
      text += new ICalEvent(
        {
          id: event.uid,
          // A YYYY-MM-DD string and no time zone: ical-generator writes it as the date itself.
          start: event.date,
          // RFC 5545 lets a one-day event leave DTEND out; some Outlook versions show it better.
          end: addDays(event.date, 1),
          allDay: true,
          // A date to know, not a meeting: it does not make anyone busy.
          transparency: ICalEventTransparency.TRANSPARENT,
          stamp: this.stamp,
          summary: event.summary,
          description: event.description,
          url: event.url,
        },
        this.calendar,
      ).toString();
    }
    return foldLines(text);
  }

  footer(): string {
    return `${END}\r\n`;
  }
}

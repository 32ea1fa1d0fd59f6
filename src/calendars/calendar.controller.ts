import { Readable } from 'node:stream';
import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CalendarFeedsService } from './calendar-feeds.service';
import { FeedRenderer } from './feed-renderer';

/** A token as `createCalendarFeed` makes them: 32 bytes, base64url, and the extension. */
const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

/** Unknown, malformed and revoked tokens get the same answer: nothing says which it was. */
const NOT_FOUND = 'No such calendar feed.';

/**
 * `GET /calendar/<token>.ics` (DESIGN §7): a feed for calendar clients, which send no API key. The
 * token in the path is the only authority, and it opens that feed and nothing else.
 */
@Controller('calendar')
export class CalendarController {
  private readonly logger = new Logger(CalendarController.name);

  constructor(
    private readonly feeds: CalendarFeedsService,
    private readonly renderer: FeedRenderer,
  ) {}

  @Get(':file')
  async feed(@Param('file') file: string, @Res() res: FastifyReply): Promise<void> {
    // The URL is a secret: no shared cache may keep the feed, nor a browser store it.
    void res.header('Cache-Control', 'private, no-store');
    const token = FEED_FILE.exec(file)?.[1];
    const opened = token ? await this.feeds.open(token) : null;
    if (!opened) {
      await res.status(404).type('text/plain; charset=utf-8').send(NOT_FOUND);
      return;
    }
    const pieces = await this.renderer.render({
      boroughId: opened.feed.boroughId,
      gssCode: opened.gssCode,
      name: opened.name,
    });
    // Pulled a piece at a time as the client reads (backpressure): at most one page of the
    // register waits in memory beyond what the socket holds.
    const body = Readable.from(pieces, { objectMode: false, highWaterMark: 64 * 1024 });
    body.on('error', (error) => this.logger.error(`Calendar feed ${opened.feed.id} failed`, error));
    await res
      .status(200)
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', `inline; filename="${fileName(opened.gssCode)}"`)
      .send(body);
  }
}

const fileName = (gssCode: string | null): string =>
  `contract-register-${gssCode ?? 'all-boroughs'}.ics`;

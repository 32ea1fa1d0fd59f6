import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { escapeHtml as escape, simplePage as page } from '../common/html';
import { AlertSubscriptionsService } from './alert-subscriptions.service';
import { UnsubscribeLinks } from './unsubscribe-links';

const INVALID_LINK = page(
  'This link is not valid',
  '<p>The unsubscribe link is damaged or was not made by the register.</p>',
);

/**
 * The unsubscribe link of every alert email (DESIGN §5, RFC 8058). POST unsubscribes at once:
 * it is what mail clients send for List-Unsubscribe-Post. GET only shows a button that posts,
 * because link scanners in council mail systems fetch every link they see.
 */
@Controller('alerts/unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly subscriptions: AlertSubscriptionsService,
  ) {}

  @Get()
  async confirm(@Query('token') token: unknown, @Res() res: FastifyReply): Promise<void> {
    void res.header('Cache-Control', 'no-store');
    const id = await this.links.verify(token);
    const subscription = id ? await this.subscriptions.forUnsubscribeLink(id) : null;
    if (!subscription) {
      await res.status(400).type('text/html; charset=utf-8').send(INVALID_LINK);
      return;
    }
    // The address is named before the button, so whoever holds a forwarded email knows whose
    // alerts the button stops.
    await res
      .status(200)
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Stop contract alerts?',
          `<p>If you unsubscribe, ${escape(subscription.email)} will get no more contract alert emails from this subscription.</p>` +
            `<form method="post" action="?token=${escape(encodeURIComponent(String(token)))}">` +
            `<button type="submit">Unsubscribe</button></form>`,
        ),
      );
  }

  @Post()
  @HttpCode(200)
  async unsubscribe(@Query('token') token: unknown, @Res() res: FastifyReply): Promise<void> {
    void res.header('Cache-Control', 'no-store');
    const id = await this.links.verify(token);
    const subscription = id ? await this.subscriptions.unsubscribe(id) : null;
    if (!subscription) {
      await res.status(400).type('text/html; charset=utf-8').send(INVALID_LINK);
      return;
    }
    await res
      .status(200)
      .type('text/html; charset=utf-8')
      .send(
        page(
          'Unsubscribed',
          `<p>${escape(subscription.email)} will get no more of these alerts.</p>`,
        ),
      );
  }
}

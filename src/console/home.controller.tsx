import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BoroughsService } from '../boroughs/boroughs.service';
import { ConsoleAccess } from './console-access';
import { sendPage } from './render';
import { readableInstant } from './views/format';
import { Freshness } from './views/freshness';
import { Layout } from './views/layout';

/**
 * `/`: every authority, its list's version, when it last changed and how fresh it is (DESIGN §11),
 * each linking to its page.
 */
@Controller()
export class HomeController {
  constructor(
    private readonly access: ConsoleAccess,
    private readonly boroughs: BoroughsService,
  ) {}

  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const boroughs = await this.boroughs.all();
    await sendPage(
      reply,
      <Layout title="Boroughs" path="/" viewer={viewer}>
        <p class="lead">
          Each authority keeps its top ten IT systems here. <a href="/clusters">Opportunities</a>{' '}
          shows who can buy together; <a href="/systems">Systems</a> the whole register. A list not
          changed or confirmed in more than {this.boroughs.staleAfterDays} days is stale:{' '}
          <a href="/systems?decision=UNDECIDED&amp;staleList=true">
            the undecided contracts of stale lists
          </a>{' '}
          are the ones to chase.
        </p>
        <div class="table-wrap">
          <table>
            <caption class="muted">{boroughs.length} authorities</caption>
            <thead>
              <tr>
                <th scope="col">Authority</th>
                <th scope="col">GSS code</th>
                <th scope="col" class="num">
                  Version
                </th>
                <th scope="col">Last changed</th>
                <th scope="col">Last confirmed</th>
              </tr>
            </thead>
            <tbody>
              {boroughs.map((b) => (
                <tr key={b.id}>
                  <td>
                    <a href={`/boroughs/${b.gssCode}`}>{b.name}</a>
                  </td>
                  <td>{b.gssCode}</td>
                  <td class="num">{b.version}</td>
                  <td>{b.lastSubmittedAt ? readableInstant(b.lastSubmittedAt) : 'No list yet'}</td>
                  <td>
                    {b.version > 0 ? (
                      <Freshness
                        lastConfirmedAt={b.lastConfirmedAt}
                        stale={this.boroughs.isStale(b)}
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Layout>,
    );
  }
}

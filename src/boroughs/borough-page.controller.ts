import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { escapeHtml as escape, simplePage } from '../common/html';
import { AppConfig } from '../config/config';
import { BoroughsService } from './boroughs.service';

/**
 * `/boroughs/<gssCode>`, where alert emails link each contract. The console (DESIGN §10) will show
 * the borough's list here to people signed in; until it does, the page names the borough and says
 * how its list is read, so a link from an email never ends at a bare 404. It shows nothing of the
 * register that needs a key: a borough's name is public.
 */
@Controller('boroughs')
export class BoroughPageController {
  constructor(
    private readonly boroughs: BoroughsService,
    private readonly config: AppConfig,
  ) {}

  @Get(':gssCode')
  async show(@Param('gssCode') gssCode: string, @Res() res: FastifyReply): Promise<void> {
    const borough = await this.boroughs.byGssCode(gssCode);
    const reply = res.type('text/html; charset=utf-8');
    if (!borough) {
      await reply
        .status(404)
        .send(
          simplePage(
            'No such borough',
            `<p>The register has no authority with the GSS code ${escape(gssCode)}.</p>`,
          ),
        );
      return;
    }
    const endpoint = `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/graphql`;
    const query = JSON.stringify({
      query: `{ borough(gssCode: "${borough.gssCode}") { version systems { id rank name contractEnd maxExtentDate noticeDeadline supplier { name } } } }`,
    });
    await reply
      .status(200)
      .send(
        simplePage(
          escape(borough.name),
          `<p>${escape(borough.shortName)}'s top ten IT systems are kept in the London Contract Register. ` +
            'The register does not show them on a web page yet; with an API key, ask it for them:</p>' +
            `<pre style="white-space: pre-wrap">curl -s ${escape(endpoint)} \\\n` +
            `  -H 'Authorization: Bearer &lt;your key&gt;' -H 'Content-Type: application/json' \\\n` +
            `  -d '${escape(query)}'</pre>` +
            '<p>A link from an alert email ends in <code>#system-&lt;id&gt;</code>: that contract is the system with that <code>id</code>. ' +
            "Your borough's lead or the coordinating team can give you a key.</p>",
        ),
      );
  }
}

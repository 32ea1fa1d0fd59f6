import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { ConsoleAccess, safeNext } from './console-access';
import { redirect, sendPage } from './render';
import { ExpiredFormPage, SignInPage } from './views/sign-in';

interface SignInForm {
  key?: string;
  next?: string;
}

/** Signing in with an API key and out again (DESIGN §10). */
@Controller()
export class SignInController {
  constructor(private readonly access: ConsoleAccess) {}

  @Get('sign-in')
  async form(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
    @Query('signedOut') signedOut?: string,
  ): Promise<void> {
    if (await this.access.viewer(req, reply)) return redirect(reply, safeNext(next));
    await sendPage(
      reply,
      <SignInPage
        csrf={reply.generateCsrf()}
        next={safeNext(next)}
        signedOut={signedOut === '1'}
      />,
    );
  }

  @Post('sign-in')
  async signIn(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() form: SignInForm = {},
  ): Promise<void> {
    if (!this.access.hasCsrfToken(req, reply)) return sendPage(reply, <ExpiredFormPage />, 403);
    const next = safeNext(form.next);
    let keyId: string;
    try {
      keyId = (await this.access.signIn(typeof form.key === 'string' ? form.key : '')).keyId!;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendPage(
        reply,
        <SignInPage csrf={reply.generateCsrf()} next={next} problem={error.message} />,
        401,
      );
    }
    // A new session id at sign-in: one planted in the browser beforehand is never signed in.
    await req.session.regenerate();
    req.session.keyId = keyId;
    await redirect(reply, next);
  }

  @Post('sign-out')
  async signOut(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.access.hasCsrfToken(req, reply)) return sendPage(reply, <ExpiredFormPage />, 403);
    await req.session.destroy();
    await redirect(reply, '/sign-in?signedOut=1');
  }
}

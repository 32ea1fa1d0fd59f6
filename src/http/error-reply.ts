import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '../common/domain-error';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * Answers a route's refusal in GraphQL's error shape, with the HTTP status it means, so a client
 * of the exports reads a refusal as it reads one from /graphql. Anything else is not the caller's
 * fault: it is thrown on, for Nest to log and answer 500 without detail.
 */
export async function replyWithError(reply: FastifyReply, error: unknown): Promise<void> {
  const status = error instanceof DomainError ? STATUS[error.code] : undefined;
  if (!(error instanceof DomainError) || status === undefined) throw error;
  const fieldErrors = error.fieldErrors.length ? { fieldErrors: error.fieldErrors } : {};
  if (status === 401) void reply.header('WWW-Authenticate', 'Bearer');
  await reply
    .status(status)
    .header('Cache-Control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      errors: [{ message: error.message, extensions: { code: error.code, ...fieldErrors } }],
    });
}

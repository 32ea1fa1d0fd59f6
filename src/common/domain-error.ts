/** The fixed list of `extensions.code` values clients can rely on (DESIGN §3). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldError {
  /** Dotted path into the operation's arguments, list positions 0-based: `systems.3.contractEnd`. */
  path: string;
  message: string;
}

/**
 * The one exception services throw for an expected failure. The GraphQL error formatter turns
 * it into `extensions.code` (and `extensions.fieldErrors` for bad input).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static badInput(fieldErrors: FieldError[]): DomainError {
    const first = fieldErrors[0];
    const message =
      fieldErrors.length === 1
        ? `Invalid input: ${first.path}: ${first.message}`
        : `Invalid input: ${fieldErrors.length} fields are invalid (first: ${first.path}: ${first.message})`;
    return new DomainError(ErrorCode.BAD_USER_INPUT, message, fieldErrors);
  }

  static notFound(message: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, message);
  }

  static forbidden(message = 'This key is not allowed to do that'): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, message);
  }

  static conflict(message: string, extra: Record<string, unknown> = {}): DomainError {
    return new DomainError(ErrorCode.CONFLICT, message, [], extra);
  }
}

/** Collects field errors while validating, so every bad field is reported at once. */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  get list(): readonly FieldError[] {
    return this.errors;
  }

  get isEmpty(): boolean {
    return this.errors.length === 0;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw DomainError.badInput([...this.errors]);
  }
}

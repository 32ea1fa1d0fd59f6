import { DomainError } from '../common/domain-error';
import { Role } from './api-key.entity';

/** Who is making a request: the API key, or a command run by an operator. */
export interface Principal {
  keyId: string | null;
  label: string;
  role: Role;
  /** Set for borough leads: the one borough they may change. */
  boroughGssCode: string | null;
}

/** An operator's command-line session (seed, import): acts as an admin under its own label. */
export const operator = (label: string): Principal => ({
  keyId: null,
  label,
  role: Role.ADMIN,
  boroughGssCode: null,
});

/** Admins change any borough's list, borough leads only their own, coordinators none. */
export function assertMayChangeBorough(principal: Principal, gssCode: string): void {
  if (principal.role === Role.ADMIN) return;
  if (principal.role === Role.BOROUGH_LEAD && principal.boroughGssCode === gssCode) return;
  throw DomainError.forbidden(
    principal.role === Role.BOROUGH_LEAD
      ? `This key may only change the list of ${principal.boroughGssCode}`
      : `The ${principal.role} role cannot change a borough's list`,
  );
}

import { Role } from './role';

/** Who is making a request: the API key, or a command run by an operator. */
export interface Principal {
  keyId: string | null;
  label: string;
  role: Role;
  /** Set for borough leads: the one borough they may change. */
  boroughGssCode: string | null;
}

/** Who a change is recorded against in the audit trail: a key, a command or the schedule. */
export type Actor = Pick<Principal, 'keyId' | 'label'>;

/** An operator's command-line session (seed, import): acts as an admin under its own label. */
export const operator = (label: string): Principal => ({
  keyId: null,
  label,
  role: Role.ADMIN,
  boroughGssCode: null,
});

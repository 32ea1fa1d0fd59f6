import { registerEnumType } from '@nestjs/graphql';

/** What a key may do is decided by its role (DESIGN §6) and, for borough leads, its borough. */
export enum Role {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  BOROUGH_LEAD = 'BOROUGH_LEAD',
}
registerEnumType(Role, { name: 'Role' });

/** A borough lead acts for one borough, which its key names; the other roles for none. */
export const needsBorough = (role: Role): boolean => role === Role.BOROUGH_LEAD;

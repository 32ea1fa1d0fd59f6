import { SetMetadata } from '@nestjs/common';
import { Role } from './api-key.entity';

export const ROLES = 'roles';

/** Limits an operation to these roles; without it any valid key may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

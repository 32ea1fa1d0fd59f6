import { SetMetadata } from '@nestjs/common';
import { Action } from './policy';

export const REQUIRES = 'requires';

/**
 * The action of DESIGN §6 an operation performs; the guard checks that the key's role may do it
 * at all. Without it, an operation reads the register, which every valid key may. Which borough
 * or subscription it acts on is checked by the service, with `authorise`.
 */
export const Requires = (action: Action) => SetMetadata(REQUIRES, action);

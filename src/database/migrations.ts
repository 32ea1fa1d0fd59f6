import { CreateRegister1764115200000 } from './migrations/1764115200000-CreateRegister';

/** The migration history, oldest first. Each runs on both SQLite and PostgreSQL. */
export const MIGRATIONS = [CreateRegister1764115200000];

/** The escape clause every LIKE with an escaped pattern carries (SQLite has no default escape). */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/** Text as a LIKE pattern that means those characters: a search for "50%" is not a wildcard. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern for values containing `text`. */
export const containing = (text: string): string => `%${escapeLike(text)}%`;

/** A LIKE pattern for values starting with `text`. */
export const startingWith = (text: string): string => `${escapeLike(text)}%`;

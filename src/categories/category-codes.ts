/** The message for a code that names no category, wherever one is given. */
export const unknownCategoryCode = (code: string) => `is not a known category code ("${code}")`;

/** The message for a GSS code that names no borough, wherever one is given. */
export const unknownGssCode = (gssCode: string) => `is not a known borough GSS code ("${gssCode}")`;

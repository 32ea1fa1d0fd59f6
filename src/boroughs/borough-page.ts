/**
 * Where a borough's list is seen in a browser (DESIGN §10's `/boroughs/<gssCode>`), and one of its
 * contracts on it: links in emails point here.
 */
export const boroughPagePath = (gssCode: string): string =>
  `/boroughs/${encodeURIComponent(gssCode)}`;

export const systemOnPageUrl = (publicUrl: string, gssCode: string, systemId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${boroughPagePath(gssCode)}#system-${systemId}`;

/** Frontline: resident-facing service systems. Corporate: back office (DESIGN §2). */
export enum CategoryKind {
  FRONTLINE = 'FRONTLINE',
  CORPORATE = 'CORPORATE',
}

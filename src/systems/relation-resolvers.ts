import type { RequestContext } from '../common/request-context';
import type { Borough } from '../boroughs/borough.entity';
import type { ItSystem } from './it-system.entity';

const found = <T>(value: T | undefined, what: string): T => {
  // Foreign keys make a missing row impossible; if it happens the data is corrupt, not the input.
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
};

/**
 * The relations on the path of every list query (a borough's list, four per entry) as plain
 * GraphQL resolvers, batched by the request's DataLoaders. They skip Nest's per-call context
 * creation; nothing about them needs guards, pipes or interceptors.
 */
export const relationResolvers = {
  Borough: {
    systems: (b: Borough, _: unknown, ctx: RequestContext) =>
      ctx.loaders.systemsOfBorough.load(b.id),
  },
  ItSystem: {
    borough: async (s: ItSystem, _: unknown, ctx: RequestContext) =>
      found(await ctx.loaders.borough.load(s.boroughId), 'borough'),
    category: async (s: ItSystem, _: unknown, ctx: RequestContext) =>
      found(await ctx.loaders.category.load(s.categoryId), 'category'),
    supplier: async (s: ItSystem, _: unknown, ctx: RequestContext) =>
      found(await ctx.loaders.supplier.load(s.supplierId), 'supplier'),
    product: async (s: ItSystem, _: unknown, ctx: RequestContext) =>
      s.productId ? found(await ctx.loaders.product.load(s.productId), 'product') : null,
  },
};

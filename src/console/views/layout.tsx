import type { ComponentChildren } from 'preact';
import type { Principal } from '../../access/principal';
import { Role } from '../../access/role';

export interface Viewer {
  principal: Principal;
  /** The CSRF token for this page's forms. */
  csrf: string;
  /** Whether /graphql serves its IDE here. */
  graphiql: boolean;
}

interface LayoutProps {
  title: string;
  /** The path of the page, to mark it in the navigation. */
  path: string;
  viewer: Viewer | null;
  children: ComponentChildren;
}

const NAV = [
  { href: '/clusters', label: 'Opportunities' },
  { href: '/systems', label: 'Systems' },
  { href: '/', label: 'Boroughs' },
];

const roleName: Record<Role, string> = {
  [Role.ADMIN]: 'admin',
  [Role.COORDINATOR]: 'coordinator',
  [Role.BOROUGH_LEAD]: 'borough lead',
};

/** Every page's frame: a skip link, the navigation, who is signed in, and sign-out. */
export function Layout({ title, path, viewer, children }: LayoutProps) {
  const own = viewer?.principal.boroughGssCode;
  const nav = [
    ...NAV,
    ...(own ? [{ href: `/boroughs/${own}`, label: 'My borough' }] : []),
    ...(viewer?.graphiql ? [{ href: '/graphql', label: 'GraphQL' }] : []),
  ];
  const current = (href: string) =>
    href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · London Contract Register`}</title>
        <link rel="stylesheet" href="/assets/console/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <div class="bar">
            <a class="name" href="/">
              London Contract Register
            </a>
            {viewer && (
              <nav aria-label="Main">
                <ul>
                  {nav.map((item) => (
                    <li key={item.href}>
                      <a href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {viewer && (
              <form method="post" action="/sign-out">
                <span class="who">
                  {viewer.principal.label} ({roleName[viewer.principal.role]}){' '}
                </span>
                <input type="hidden" name="_csrf" value={viewer.csrf} />
                <button type="submit">Sign out</button>
              </form>
            )}
          </div>
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** The problems with what was asked, each naming its field, at the top of the page. */
export function ErrorSummary({ problems, intro }: { problems: FieldProblem[]; intro?: string }) {
  if (!problems.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{intro ?? 'There is a problem'}</h2>
      <ul>
        {problems.map((p) => (
          <li key={p.path + p.message}>
            <strong>{p.path}</strong> {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { ApolloServerPlugin } from '@apollo/server';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Contract Register: GraphQL endpoint</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code,pre{background:#f3f3f3;padding:.1rem .3rem}pre{padding:.75rem;overflow-x:auto}</style>
</head>
<body>
<h1>Contract Register</h1>
<p>This address is the register's GraphQL endpoint. It answers <code>POST</code> requests with a
JSON body and an API key; there is no query editor here.</p>
<pre>curl -s http://localhost:3000/graphql \\
  -H 'authorization: Bearer &lt;your key&gt;' \\
  -H 'content-type: application/json' \\
  -d '{"query":"{ boroughs { shortName version } }"}'</pre>
<p>From a GraphQL client (Altair, Insomnia, Postman), point it at this address with the header
<code>Authorization: Bearer &lt;your key&gt;</code>; it reads the schema by introspection outside
production. The project's README lists the demo keys and every operation.</p>
</body>
</html>
`;

/**
 * What a browser finds at /graphql: a page saying how to call it. Apollo's own landing page loads
 * Sandbox from Apollo's CDN, which offline networks and the register's CSP (script-src 'self')
 * both stop, and without a page a browser meets a CSRF refusal in JSON.
 */
export function landingPagePlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html: PAGE }) };
    },
  };
}

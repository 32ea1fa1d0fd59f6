import type { ApolloServerPlugin } from '@apollo/server';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL · London Contract Register</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/graphiql/graphiql.min.css">
<style>html,body{height:100%;margin:0}#graphiql{height:100vh}noscript{display:block;font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}noscript code,noscript pre{background:#f3f3f3;padding:.1rem .3rem}noscript pre{padding:.75rem;overflow-x:auto}</style>
</head>
<body>
<noscript>
<h1>London Contract Register: GraphQL</h1>
<p>This address is the register's GraphQL endpoint. With JavaScript on, it shows GraphiQL, a
query editor with the schema's documentation. Without it, call the endpoint with
<code>POST</code>, a JSON body and an API key:</p>
<pre>curl -s http://localhost:3000/graphql \\
  -H 'authorization: Bearer &lt;your key&gt;' \\
  -H 'content-type: application/json' \\
  -d '{"query":"{ boroughs { shortName version } }"}'</pre>
<p>The project's README lists the demo keys and every operation.</p>
</noscript>
<div id="graphiql"></div>
<script src="/assets/react/react.production.min.js"></script>
<script src="/assets/react-dom/react-dom.production.min.js"></script>
<script src="/assets/graphiql/graphiql.min.js"></script>
<script src="/assets/console/graphiql-start.js"></script>
</body>
</html>
`;

/**
 * What a browser finds at /graphql where the schema may be read (DESIGN §10): GraphiQL, with every
 * file served by the service from the project's own packages. Apollo's own landing page loads
 * Sandbox from Apollo's CDN, which offline networks and the register's CSP (script-src 'self')
 * both stop; and the page's only script of its own is a file, as the CSP asks.
 */
export function graphiqlPlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html: PAGE }) };
    },
  };
}

// Mounts GraphiQL at /graphql (DESIGN §10). A file of its own because the CSP allows no inline
// script. The headers editor starts open with the header every request needs; the key typed
// there stays in this tab (shouldPersistHeaders: false keeps it out of localStorage).
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  if (!root || !window.GraphiQL || !window.React || !window.ReactDOM) return;
  var fetcher = window.GraphiQL.createFetcher({ url: '/graphql' });
  window.ReactDOM.createRoot(root).render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: '{"Authorization": "Bearer <your API key>"}',
      headerEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();

/**
 * The map of src/ (README, "Layout"), checked by `npm run lint`: shared layers know no feature,
 * and no two folders depend on each other, however indirectly.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-layer-imports-feature',
      comment:
        'common/, config/, database/ and http/ are shared by every feature and know none: a feature plugs into them (registers its loaders, entities, lock ids), never the other way round.',
      severity: 'error',
      from: { path: '^src/(common|database|http|config)/' },
      to: { path: '^src/', pathNot: '^src/(common|database|http|config)/' },
    },
    {
      name: 'folder-cycle',
      comment:
        'Folders depend on each other one way only: a cycle between folders, however long, means two features that cannot be understood or changed apart.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'folder-imports-composition-root',
      comment:
        'The files at the top of src/ (main, app.module, bootstrap, entities, schema) put the features together; only the commands and the core wiring may import them, so no cycle can pass through them unseen.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: '^src/(cli|core)/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'feature-imports-command',
      comment: 'The commands (cli/) sit on top of the features; nothing imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs may import whatever they test with, test helpers included.
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

// Layers that only point down (issue 18). README.md, "Layers", draws the same table.
//
// Each layer may import its own layer and the layers below it, never one above: a lower
// layer that reaches up drags the whole upper layer into every test and every start-up,
// and is how the circles between catalogue, engine, database and notices were made.
// Modules in the same layer may import each other; no-circular keeps that a tree.

/** Bottom first. A path is a folder under src/ (with the slash) or a single file. */
const LAYERS = [
  { name: 'base', paths: ['src/paths.ts', 'src/logger.ts', 'src/secret-strength.ts', 'src/http/', 'src/pdf/', 'src/text/', 'src/time/'] },
  { name: 'setup', paths: ['src/config.ts', 'src/i18n/', 'src/content/'] },
  // Security keeps its counters and locks in the database, so it sits beside db rather than under it.
  { name: 'storage-and-web', paths: ['src/db/', 'src/security/', 'src/middleware/'] },
  { name: 'domain', paths: ['src/applications/', 'src/documents/'] },
  { name: 'engine', paths: ['src/forms/'] },
  { name: 'catalogue', paths: ['src/catalogue/'] },
  {
    name: 'areas',
    paths: [
      'src/routes/', 'src/lookups/', 'src/backoffice/', 'src/payments/', 'src/visits/', 'src/notices/',
      'src/decisions/', 'src/receipts/', 'src/statistics/', 'src/jobs/', 'src/metrics/', 'src/seed/',
      'src/build/', 'src/views.ts', 'src/view-keep.ts', 'src/view-imports.ts',
    ],
  },
  { name: 'app', paths: ['src/app.ts', 'src/services.ts', 'src/process/', 'src/server.ts'] },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (paths) => `^(${paths.map((path) => (path.endsWith('/') ? escape(path) : `${escape(path)}$`)).join('|')})`;

const upwardImports = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name}-points-down`,
  comment: `The ${layer.name} layer imports only itself and the layers below it.`,
  severity: 'error',
  from: { path: pattern(layer.paths) },
  to: { path: pattern(LAYERS.slice(index + 1).flatMap((upper) => upper.paths)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle makes the order modules load in matter and no part of it can be tested or understood alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'forms-knows-no-service',
      comment: 'The engine runs whatever journey it is given; the catalogue is data handed to it, not a module it reaches for.',
      severity: 'error',
      from: { path: '^src/forms/' },
      to: { path: '^src/catalogue/' },
    },
    {
      name: 'services-do-not-reach-the-catalogue',
      comment:
        'The catalogue loads every module of services/ with a top-level await: a service that reaches the catalogue, even through others, waits on its own loading for ever, and no circle rule sees it, the import being dynamic.',
      severity: 'error',
      from: { path: '^src/catalogue/services/' },
      to: { path: '^src/catalogue/index[.]ts$', reachable: true },
    },
    ...upwardImports,
    {
      name: 'every-module-has-a-layer',
      comment: 'A new folder under src/ gets a place in LAYERS (and in the README picture) before it gets code.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${pattern(LAYERS.flatMap((layer) => layer.paths))}|^src/assets/` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/assets/' },
    // Type-only imports count: a row type that lives in a higher layer ties the layers as surely as a call does.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};


/**
 * Architecture rules, checked in `npm test` (`npm run depcheck`): no import cycles, and the
 * layers only import downwards:
 *   src/core <- src/stages <- src/providers, src/stores <- src/engine <- plugin/, src/cli <- demo-server/
 * (src/testing, the loopback test server, may use core, stages and providers; bench/ and test/
 * may use anything). Type-only imports count: a cycle through types still ties two modules.
 *   npx depcruise src plugin demo-server --config .dependency-cruiser.cjs
 * Cost: a second or two (it parses every module once).
 */
const layer = (name, path, mayNotImport) => ({
  name: `layer-${name}`,
  comment: `${path} must not import ${mayNotImport.join(', ')} (layers import downwards only)`,
  severity: 'error',
  from: { path },
  to: { path: mayNotImport.map((p) => `^${p}`) },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle (type-only imports included) ties modules that should be separate parts.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('core', '^src/core/', [
      'src/stages/',
      'src/providers/',
      'src/stores/',
      'src/engine/',
      'src/cli/',
      'src/testing/',
      'plugin/',
      'demo-server/',
    ]),
    layer('stages', '^src/stages/', [
      'src/providers/',
      'src/stores/',
      'src/engine/',
      'src/cli/',
      'src/testing/',
      'plugin/',
      'demo-server/',
    ]),
    layer('providers', '^src/providers/', ['src/stores/', 'src/engine/', 'src/cli/', 'src/testing/', 'plugin/', 'demo-server/']),
    layer('stores', '^src/stores/', ['src/providers/', 'src/engine/', 'src/cli/', 'src/testing/', 'plugin/', 'demo-server/']),
    layer('engine', '^src/engine/', ['src/cli/', 'src/testing/', 'plugin/', 'demo-server/']),
    layer('testing', '^src/testing/', ['src/stores/', 'src/engine/', 'src/cli/', 'plugin/', 'demo-server/']),
    layer('cli', '^src/cli/', ['plugin/', 'demo-server/', 'src/testing/']),
    layer('plugin', '^plugin/', ['src/cli/', 'demo-server/', 'src/testing/']),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs'],
    },
  },
};

// The TypeScript compiler (~9 MB of JavaScript, pulled in by @typescript-eslint/typescript-estree)
// goes into a chunk of its own beside each bundle, loaded by the first TS/JS analysis only: a
// bundle that inlined it made Node read and pre-parse all of it at every start, Python-only or not.
//
// src/parsers/typescript/parse.ts requires the package on the first parse, which from tsc output
// (out/) resolves through node_modules. In a bundle, the plugin below turns that require into
// `require('./typescript.js')`, resolved beside the bundle file at run time.

/** The chunk's file name, beside the bundles that load it. */
export const TYPESCRIPT_CHUNK = 'typescript.js';

const PACKAGE = '@typescript-eslint/typescript-estree';

/** esbuild plugin: the parser package becomes an external `./typescript.js` beside the bundle. */
export const typescriptChunkPlugin = {
  name: 'typescript-chunk',
  setup(build) {
    // Not for the chunk's own entry point, which bundles the package.
    build.onResolve({ filter: /^@typescript-eslint\/typescript-estree$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: `./${TYPESCRIPT_CHUNK}`, external: true },
    );
  },
};

/** The chunk's own entry: the parser package, bundled with the compiler it loads. */
export const typescriptChunkEntry = { in: PACKAGE, out: TYPESCRIPT_CHUNK.replace(/\.js$/, '') };

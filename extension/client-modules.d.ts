// vscode-languageclient 11 publishes its entry points only through package.json "exports",
// which this repository's `moduleResolution: "node"` does not read; this points the type
// checker at the file Node and esbuild load at run time (see language-server/lsp-modules.d.ts).

declare module 'vscode-languageclient/node' { export * from 'vscode-languageclient/lib/node/main'; }

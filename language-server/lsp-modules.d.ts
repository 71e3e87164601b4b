// vscode-languageserver 11 and its protocol/jsonrpc packages publish their entry points only
// through package.json "exports", which this repository's `moduleResolution: "node"` does not
// read. These declarations point the type checker at the same files Node and esbuild load
// through "exports" at run time; they add no code.

declare module 'vscode-languageserver' { export * from 'vscode-languageserver/lib/common/api'; }
declare module 'vscode-languageserver/node' { export * from 'vscode-languageserver/lib/node/main'; }
declare module 'vscode-languageserver-protocol' { export * from 'vscode-languageserver-protocol/lib/common/api'; }
declare module 'vscode-languageserver-protocol/node' { export * from 'vscode-languageserver-protocol/lib/node/main'; }
declare module 'vscode-jsonrpc' { export * from 'vscode-jsonrpc/lib/common/api'; }
declare module 'vscode-jsonrpc/node' { export * from 'vscode-jsonrpc/lib/node/main'; }

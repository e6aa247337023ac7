// renderer/ and calculator/ run in a notebook webview or a plain page, where no 'vscode' module
// exists. renderer/tsconfig.json maps the name 'vscode' to this empty module, so anything imported
// from it is a compile error ("has no exported member", or an unused import) instead of a bundle
// that fails at run time.
export {};

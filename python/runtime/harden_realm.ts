// Hardens the JavaScript realm a kernel runs in (its worker thread's or child process's own) before
// CPython is loaded into it. Any JavaScript object Python holds (an engine result, an exception
// from a bridge call, an Error Pyodide wraps a thrown value in) is a JsProxy, and from any
// object `.constructor.constructor` used to be JavaScript's Function — `Function("return
// process")()` hands over all of Node. Here the four function prototypes lose their constructor
// (so no path of property reads leads to Function, AsyncFunction or the generator functions), and
// Error.prepareStackTrace is frozen (a Python callable installed there would receive V8's call
// sites, whose getThis()/getFunction() reach objects of sloppy-mode frames). Code that calls
// Function or eval by name is unaffected; nothing in convbook, Pyodide or Node reaches Function
// through a function's .constructor.

let hardened = false;

export function hardenRealm(): void {
  if (hardened) return;
  hardened = true;
  const prototypes = [function () {}, async function () {}, function* () {}, async function* () {}].map((f) => Object.getPrototypeOf(f) as object);
  for (const prototype of prototypes) {
    Object.defineProperty(prototype, 'constructor', { value: undefined, writable: false, configurable: false });
  }
  Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
}

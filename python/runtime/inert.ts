// JavaScript functions handed to Python, made so that nothing on them leads back to JavaScript.
// Python holds a JsProxy to each; with an ordinary function, `f.constructor` is JavaScript's
// Function and `f.constructor("return process")()` would hand Python the whole of Node. These are
// arrow functions (no prototype, cannot be called with `new`) whose own prototype is null (no
// constructor, call, apply or bind), and they take and return only strings, numbers, booleans
// and undefined, which cross into Python as Python values rather than as proxies.

type Primitive = string | number | boolean | undefined;

export function inertFunction<A extends Primitive[], R extends Primitive>(fn: (...args: A) => R): (...args: A) => R {
  const wrapped = (...args: A): R => fn(...args);
  Object.setPrototypeOf(wrapped, null);
  return wrapped;
}

/** A null-prototype object of inert functions, for registerJsModule. */
export function inertModule(functions: Record<string, (...args: never[]) => Primitive>): object {
  const module = Object.create(null) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(functions)) module[name] = inertFunction(fn as (...args: Primitive[]) => Primitive);
  return Object.freeze(module);
}

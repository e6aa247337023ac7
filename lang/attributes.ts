// x.shape, layer.weight, nn.Conv2d, F.conv2d: attribute reads and the few attribute writes a
// cell may make (a layer's weight and bias).

import { closestName } from './signatures';
import { moduleAttribute, setModuleAttribute } from './modules';
import { pyError, type Runtime } from './runtime';
import { tensorAttribute } from './tensor_builtins';
import { isModule, isTensorValue, Namespace, typeName, type PyValue } from './values';

export function getAttribute(runtime: Runtime, owner: PyValue, attr: string): PyValue {
  if (owner instanceof Namespace) {
    const member = owner.members.get(attr);
    if (member !== undefined) return member;
    const suggestion = closestName(attr, [...owner.members.keys()]);
    const hint = suggestion ? `. Did you mean: '${suggestion}'?` : '';
    throw pyError('AttributeError', `module '${owner.path}' has no attribute '${attr}'${hint}${hint ? '' : ` (convbook provides ${[...owner.members.keys()].join(', ')})`}`);
  }
  if (isTensorValue(owner)) return tensorAttribute(runtime, owner, attr);
  if (isModule(owner)) return moduleAttribute(runtime, owner, attr);
  throw pyError('AttributeError', `'${typeName(owner)}' object has no attribute '${attr}'`);
}

export function setAttribute(owner: PyValue, attr: string, value: PyValue): void {
  if (isModule(owner)) return setModuleAttribute(owner, attr, value);
  if (owner instanceof Namespace) throw pyError('AttributeError', `convbook's module '${owner.path}' is read-only`);
  if (isTensorValue(owner)) throw pyError('AttributeError', `cannot set attribute '${attr}' of a tensor in convbook`);
  throw pyError('AttributeError', `'${typeName(owner)}' object has no attribute '${attr}'`);
}

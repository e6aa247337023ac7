// The syntax tree of a convbook cell: a small, safe subset of Python. Every node carries where it
// starts and ends in the source so errors, hovers and diagnostics can point at it exactly.

/** A place in the source. line and column are 1-based (columns count UTF-16 code units); offset is 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface NodeBase {
  start: Position;
  /** Just past the node's last character (exclusive). */
  end: Position;
}

// ───────────────────────────── Expressions ─────────────────────────────

export interface NameExpr extends NodeBase {
  kind: 'Name';
  id: string;
}

export interface NumberExpr extends NodeBase {
  kind: 'Number';
  value: number;
  /** True for Python ints (`3`, `0x10`), false for floats (`3.0`, `1e-3`): PyTorch cares. */
  isInt: boolean;
  /** The literal as written. */
  raw: string;
}

export interface StringExpr extends NodeBase {
  kind: 'String';
  /** The decoded value (escapes resolved, adjacent literals concatenated). */
  value: string;
}

export interface BoolExpr extends NodeBase {
  kind: 'Bool';
  value: boolean;
}

export interface NoneExpr extends NodeBase {
  kind: 'None';
}

export interface TupleExpr extends NodeBase {
  kind: 'Tuple';
  elts: Expr[];
  /** False for a bare `a, b`, true for `(a, b)`. */
  parenthesized: boolean;
}

export interface ListExpr extends NodeBase {
  kind: 'List';
  elts: Expr[];
}

export interface Keyword extends NodeBase {
  /** null for `**mapping` (only ever produced by parseExpression on Python code). */
  name: string | null;
  /** Where the keyword's name is written (equal to start/end of the whole keyword for `**x`). */
  nameStart: Position;
  nameEnd: Position;
  value: Expr;
}

export interface CallExpr extends NodeBase {
  kind: 'Call';
  func: Expr;
  /** Positional arguments; `*xs` appears as a Starred node. */
  args: Expr[];
  keywords: Keyword[];
  /** Position of the opening parenthesis. */
  open: Position;
}

export interface AttributeExpr extends NodeBase {
  kind: 'Attribute';
  value: Expr;
  attr: string;
  attrStart: Position;
}

export interface SliceExpr extends NodeBase {
  kind: 'Slice';
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
}

export interface SubscriptExpr extends NodeBase {
  kind: 'Subscript';
  value: Expr;
  /** One index, a Slice, or a Tuple of them for `y[0, :, 1]`. */
  index: Expr;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';

export interface BinaryExpr extends NodeBase {
  kind: 'Binary';
  op: BinaryOperator;
  left: Expr;
  right: Expr;
  /** Position of the operator token. */
  opStart: Position;
}

export interface UnaryExpr extends NodeBase {
  kind: 'Unary';
  op: '-' | '+';
  operand: Expr;
}

export interface StarredExpr extends NodeBase {
  kind: 'Starred';
  value: Expr;
}

export type Expr =
  | NameExpr
  | NumberExpr
  | StringExpr
  | BoolExpr
  | NoneExpr
  | TupleExpr
  | ListExpr
  | CallExpr
  | AttributeExpr
  | SubscriptExpr
  | SliceExpr
  | BinaryExpr
  | UnaryExpr
  | StarredExpr;

// ───────────────────────────── Statements ─────────────────────────────

export interface AssignStmt extends NodeBase {
  kind: 'Assign';
  /** `a = b = value` has two targets. Each is a Name, Attribute, Subscript, or a Tuple/List of them. */
  targets: Expr[];
  value: Expr;
}

export interface AugAssignStmt extends NodeBase {
  kind: 'AugAssign';
  target: Expr;
  op: '+' | '-' | '*' | '/';
  value: Expr;
}

export interface ExprStmt extends NodeBase {
  kind: 'Expr';
  expr: Expr;
}

export interface ImportAlias extends NodeBase {
  /** Dotted module name for `import a.b`, plain name for `from m import name`. */
  name: string;
  asname: string | null;
}

/** `import torch`, `import torch.nn as nn`. */
export interface ImportStmt extends NodeBase {
  kind: 'Import';
  names: ImportAlias[];
}

/** `from torchvision.ops import deform_conv2d, DeformConv2d`. */
export interface ImportFromStmt extends NodeBase {
  kind: 'ImportFrom';
  module: string;
  moduleStart: Position;
  moduleEnd: Position;
  names: ImportAlias[];
}

/** `del x, y`: unbinds names, so the session's live-data budget can count their data as freed. */
export interface DeleteStmt extends NodeBase {
  kind: 'Delete';
  targets: NameExpr[];
}

export type Stmt = AssignStmt | AugAssignStmt | ExprStmt | ImportStmt | ImportFromStmt | DeleteStmt;

export interface Module extends NodeBase {
  kind: 'Module';
  body: Stmt[];
}

// Compares docs/widget-and-console-http.md with @switchboard/contracts: the routes of the doc's tables with the
// contract's route maps, the fields of every body, query, answer and event the doc spells out with the contract's
// types (both ways), and the doc's `ts` blocks with the contract's named types. Doc snippets are parsed as
// TypeScript type literals (`{ a, b: { c }, d: WidgetMessage[] }` is one), the contract is read with the type checker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const DOC_PATH = join(REPO_ROOT, 'docs', 'widget-and-console-http.md');
export const CONTRACT_INDEX = join(REPO_ROOT, 'libs', 'contracts', 'src', 'index.ts');

type Side = 'widget' | 'console';
const ROUTE_MAPS: Record<Side, string> = { widget: 'WidgetRoutes', console: 'ConsoleRoutes' };
const EVENT_MAPS: Record<Side, string> = { widget: 'WidgetEvents', console: 'ConsoleEvents' };
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

interface DocRoute {
  side: Side;
  route: string;
  /** The body cell's object, for methods that take a body; undefined when the cell is empty. */
  body?: string;
  /** Query parameters with their documented values (`a|b` lists the allowed ones). */
  query: Map<string, string>;
  answer: string;
}

interface DocEvent {
  side: Side;
  name: string;
  /** The payload as the doc writes it; undefined when the doc names the event only. */
  payload?: string;
}

/** What the doc says, read from its tables, event lists and `ts` blocks. */
export interface DocContract {
  routes: DocRoute[];
  events: DocEvent[];
  /** `name = type` from the doc's `ts` blocks. */
  namedTypes: Map<string, string>;
}

export function readDoc(markdown: string): DocContract {
  const widget = between(markdown, '## Widget', '## Console');
  const console = between(markdown, '## Console', undefined);
  return {
    routes: [...tableRoutes('widget', widget), ...tableRoutes('console', console)],
    events: [...widgetEvents(widget), ...consoleEvents(console)],
    namedTypes: namedTypes(markdown),
  };
}

function between(text: string, start: string, end: string | undefined): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`the doc has no "${start}" section`);
  const to = end === undefined ? text.length : text.indexOf(end, from);
  return text.slice(from, to < 0 ? text.length : to);
}

function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1].trim());
}

function tableRoutes(side: Side, section: string): DocRoute[] {
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  // Header and separator first; cells are split on pipes that are not escaped (`'up' \| 'down'`).
  return rows.slice(2).flatMap((row) => {
    const [routeCell, bodyCell, answerCell] = row
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim().replace(/\\\|/g, '|'));
    const body = codeSpans(bodyCell).find((span) => span.startsWith('{'));
    const bodyQuery = codeSpans(bodyCell).find((span) => span.startsWith('?'));
    return expandRoutes(routeCell).map(({ method, path, query }): DocRoute => {
      const route: DocRoute = { side, route: `${method} ${path}`, query: parseQuery(query), answer: answerCell };
      if (BODY_METHODS.has(method)) route.body = body;
      if (method === 'GET' && bodyQuery) for (const [key, value] of parseQuery(bodyQuery)) route.query.set(key, value);
      return route;
    });
  });
}

/**
 * One cell can name several routes: `GET me` / `PATCH me` (alternatives), `POST tickets/:id/claim` · `pending`
 * (the same route with its last segment replaced) and `GET canned-replies` · `DELETE :id` (a sub-path).
 */
function expandRoutes(cell: string): Array<{ method: string; path: string; query: string }> {
  return cell.split(' / ').flatMap((alternative) => {
    const [first, ...more] = codeSpans(alternative);
    const [method, target] = first.split(' ');
    const [path, query = ''] = target.split('?');
    const routes = [{ method, path, query: query ? `?${query}` : '' }];
    for (const piece of more) {
      const [word, rest] = piece.split(' ');
      if (/^[A-Z]+$/.test(word)) routes.push({ method: word, path: rest ? `${path}/${rest}` : path, query: '' });
      else routes.push({ method, path: path.replace(/[^/]+$/, word), query: '' });
    }
    return routes;
  });
}

function parseQuery(query: string): Map<string, string> {
  const pairs = query.replace(/^\?/, '').split('&').filter(Boolean);
  return new Map(pairs.map((pair) => pair.split('=') as [string, string]));
}

function widgetEvents(section: string): DocEvent[] {
  const list = between(section, 'Event stream (`GET events`)', undefined);
  return [...list.matchAll(/^- `(\w+)` `([^`]+)`/gm)].map(([, name, payload]) => ({ side: 'widget', name, payload }));
}

function consoleEvents(section: string): DocEvent[] {
  const sentence = between(section, 'Console event stream:', '`: ping`');
  return [...sentence.matchAll(/`(\w+)`(?:\s+`([^`]+)`)?/g)].map(([, name, payload]) => ({
    side: 'console',
    name,
    payload,
  }));
}

function namedTypes(markdown: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [, before, block] of markdown.matchAll(/([^\n]*)\n\n```ts\n([\s\S]*?)```/g)) {
    const named = /^`(\w+)`:$/.exec(before.trim());
    if (named) types.set(named[1], block.trim());
    else
      for (const [, name, type] of block.matchAll(/^(\w+) = ([\s\S]*?)(?=^\w+ = |$(?![\s\S]))/gm))
        types.set(name, type);
  }
  return types;
}

/** The contract as the type checker sees it; `overrides` replace a file's text (to prove the check can fail). */
export class ContractModel {
  readonly checker: ts.TypeChecker;
  private readonly exports = new Map<string, ts.Symbol>();

  constructor(overrides: ReadonlyMap<string, string> = new Map()) {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => overrides.get(file) ?? readFile(file);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, language) => {
      const text = overrides.get(file);
      return text === undefined ? getSourceFile(file, language) : ts.createSourceFile(file, text, language);
    };
    const program = ts.createProgram([CONTRACT_INDEX], options, host);
    const errors = ts.getPreEmitDiagnostics(program);
    if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, host));
    this.checker = program.getTypeChecker();
    const index = program.getSourceFile(CONTRACT_INDEX);
    const module = index && this.checker.getSymbolAtLocation(index);
    if (!module) throw new Error(`cannot read ${CONTRACT_INDEX}`);
    for (const symbol of this.checker.getExportsOfModule(module)) this.exports.set(symbol.name, symbol);
  }

  /** The declared type of an exported interface or type alias, or undefined when the contract has none. */
  named(name: string): ts.Type | undefined {
    const symbol = this.exports.get(name);
    if (!symbol) return undefined;
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    return target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)
      ? this.checker.getDeclaredTypeOfSymbol(target)
      : undefined;
  }

  /** The properties of an object type, by name. */
  properties(type: ts.Type): Map<string, ts.Symbol> {
    return new Map(this.checker.getPropertiesOfType(type).map((symbol) => [symbol.name, symbol]));
  }

  propertyType(symbol: ts.Symbol): ts.Type {
    return this.checker.getTypeOfSymbol(symbol);
  }
}

/** Every disagreement between the doc and the contract, as one line each; empty when they agree. */
export function compareDocWithContract(doc: DocContract, contract: ContractModel): string[] {
  const problems: string[] = [];
  const compare = new ShapeComparer(contract, problems);
  for (const side of ['widget', 'console'] as const) {
    const routes = doc.routes.filter((route) => route.side === side);
    const routeMap = contract.named(ROUTE_MAPS[side]);
    if (!routeMap) problems.push(`the contract has no ${ROUTE_MAPS[side]}`);
    else compareRoutes(routes, contract.properties(routeMap), compare, problems);
    const eventMap = contract.named(EVENT_MAPS[side]);
    if (!eventMap) problems.push(`the contract has no ${EVENT_MAPS[side]}`);
    else
      compareEvents(
        doc.events.filter((event) => event.side === side),
        contract.properties(eventMap),
        compare,
      );
  }
  for (const [name, text] of doc.namedTypes) {
    const type = contract.named(name);
    if (type) compare.shape(name, parseType(text), type);
    else problems.push(`${name}: the doc defines it, the contract does not`);
  }
  return problems;
}

function compareRoutes(
  routes: DocRoute[],
  entries: Map<string, ts.Symbol>,
  compare: ShapeComparer,
  problems: string[],
): void {
  const documented = new Set(routes.map((route) => route.route));
  for (const name of entries.keys())
    if (!documented.has(name)) problems.push(`${name}: in the contract, not in the doc`);
  for (const route of routes) {
    const entry = entries.get(route.route);
    if (!entry) problems.push(`${route.route}: in the doc, not in the contract`);
    else compareRoute(route, compare.contract.properties(compare.contract.propertyType(entry)), compare);
  }
}

function compareRoute(route: DocRoute, parts: Map<string, ts.Symbol>, compare: ShapeComparer): void {
  const where = route.route;
  const part = (name: string): ts.Type | undefined => {
    const symbol = parts.get(name);
    return symbol && compare.contract.propertyType(symbol);
  };
  compare.presence(`${where} body`, route.body !== undefined, parts.has('body'));
  if (route.body !== undefined) compare.optionalShape(`${where} body`, route.body, part('body'));
  compare.queryParameters(where, route.query, part('query'));
  compare.answer(where, route.answer, part('response'), parts.has('events'));
}

function compareEvents(events: DocEvent[], payloads: Map<string, ts.Symbol>, compare: ShapeComparer): void {
  const documented = new Set(events.map((event) => event.name));
  for (const name of payloads.keys()) compare.presence(`event ${name}`, documented.has(name), true);
  for (const event of events) {
    const payload = payloads.get(event.name);
    compare.presence(`event ${event.name}`, true, payload !== undefined);
    if (payload)
      compare.optionalShape(`event ${event.name}`, event.payload ?? '{}', compare.contract.propertyType(payload));
  }
}

function parseType(text: string): ts.TypeNode {
  const file = ts.createSourceFile('doc.ts', `type Documented = ${text};`, ts.ScriptTarget.ES2022, true);
  const [statement] = file.statements;
  if (!statement || !ts.isTypeAliasDeclaration(statement)) throw new Error(`not a type: ${text}`);
  return statement.type;
}

/** Compares a doc type node with a contract type, field by field, and records each disagreement. */
class ShapeComparer {
  constructor(
    readonly contract: ContractModel,
    private readonly problems: string[],
  ) {}

  presence(where: string, inDoc: boolean, inContract: boolean): void {
    if (inDoc && !inContract) this.problems.push(`${where}: in the doc, not in the contract`);
    if (!inDoc && inContract) this.problems.push(`${where}: in the contract, not in the doc`);
  }

  optionalShape(where: string, text: string, type: ts.Type | undefined): void {
    if (type) this.shape(where, parseType(text), type);
  }

  queryParameters(where: string, documented: Map<string, string>, type: ts.Type | undefined): void {
    const fields = type ? this.contract.properties(type) : new Map<string, ts.Symbol>();
    for (const name of fields.keys()) this.presence(`${where} ?${name}`, documented.has(name), true);
    for (const [name, value] of documented) {
      const field = fields.get(name);
      this.presence(`${where} ?${name}`, true, field !== undefined);
      // `a|b|c` lists the allowed values; anything else (`30`, `<messageId>`) is an example.
      if (field && value.includes('|')) {
        const allowed = value.split('|').map((literal) => JSON.stringify(literal));
        this.sameAtoms(`${where} ?${name}`, new Set(allowed), this.contract.propertyType(field));
      }
    }
  }

  answer(where: string, cell: string, response: ts.Type | undefined, streams: boolean): void {
    const body = codeSpans(cell).find((span) => /^(?:2\d\d\s+)?\{/.test(span));
    if (body)
      return this.optionalShape(`${where} answer`, body.replace(/^2\d\d\s+/, ''), response ?? this.missing(where));
    if (cell.includes('text/event-stream')) return this.presence(`${where} event stream`, true, streams);
    const expected = cell.includes('octet-stream')
      ? 'ArrayBuffer'
      : cell.includes('application/jsonl')
        ? 'string'
        : cell.includes('`204`')
          ? 'void'
          : undefined;
    const actual = response && this.contract.checker.typeToString(response);
    if (!expected || actual !== expected)
      this.problems.push(`${where} answer: the doc says ${cell}, the contract ${actual}`);
  }

  private missing(where: string): undefined {
    this.problems.push(`${where} answer: in the doc, not in the contract`);
    return undefined;
  }

  shape(where: string, node: ts.TypeNode, type: ts.Type): void {
    const target = type.getNonNullableType();
    if (ts.isParenthesizedTypeNode(node)) return this.shape(where, node.type, type);
    const shape = nullableShape(node);
    if (shape) {
      const nullable = shape !== node;
      if (nullable !== typeAtoms(type, this.contract.checker).has('null'))
        this.problems.push(`${where}: ${nullable ? 'nullable' : 'never null'} in the doc, not in the contract`);
      node = shape;
    }
    if (ts.isTypeLiteralNode(node)) return this.object(where, node.members, target, new Set());
    if (ts.isIntersectionTypeNode(node)) return this.intersection(where, node, target);
    const element = elementNode(node);
    if (element) return this.array(where, element, target);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName))
      return this.reference(where, node.typeName.text, target);
    this.sameAtoms(where, docAtoms(node), type);
  }

  private object(where: string, members: ts.NodeArray<ts.TypeElement>, type: ts.Type, inherited: Set<string>): void {
    const fields = this.contract.properties(type);
    const documented = new Map(
      members.filter(ts.isPropertySignature).map((member) => [member.name.getText(), member] as const),
    );
    for (const name of fields.keys())
      if (!inherited.has(name)) this.presence(`${where}.${name}`, documented.has(name), true);
    for (const [name, member] of documented) {
      const field = fields.get(name);
      this.presence(`${where}.${name}`, true, field !== undefined);
      if (!field) continue;
      const optional = (field.flags & ts.SymbolFlags.Optional) !== 0;
      if (optional !== (member.questionToken !== undefined))
        this.problems.push(`${where}.${name}: ${optional ? 'optional' : 'required'} in the contract, not in the doc`);
      if (member.type) this.shape(`${where}.${name}`, member.type, this.contract.propertyType(field));
    }
  }

  /** `WidgetMessage & { … }`: the contract type extends the named one and adds exactly the literal's fields. */
  private intersection(where: string, node: ts.IntersectionTypeNode, type: ts.Type): void {
    const inherited = new Set<string>();
    for (const part of node.types) {
      if (!ts.isTypeReferenceNode(part) || !ts.isIdentifier(part.typeName)) continue;
      const base = this.contract.named(part.typeName.text);
      if (!base || !this.contract.checker.isTypeAssignableTo(type, base))
        this.problems.push(`${where}: does not extend ${part.typeName.text} in the contract`);
      else for (const name of this.contract.properties(base).keys()) inherited.add(name);
    }
    for (const part of node.types) if (ts.isTypeLiteralNode(part)) this.object(where, part.members, type, inherited);
  }

  private array(where: string, element: ts.TypeNode, type: ts.Type): void {
    const checker = this.contract.checker;
    if (!checker.isArrayType(type)) return void this.problems.push(`${where}: a list in the doc, not in the contract`);
    this.shape(`${where}[]`, element, checker.getTypeArguments(type as ts.TypeReference)[0]);
  }

  /** A capitalised name is a contract type; a lower-case one (`messageId`) describes a value. */
  private reference(where: string, name: string, type: ts.Type): void {
    if (/^[a-z]/.test(name)) return;
    const named = this.contract.named(name);
    if (named !== type)
      this.problems.push(`${where}: ${name} in the doc, ${this.contract.checker.typeToString(type)} in the contract`);
  }

  private sameAtoms(where: string, documented: Set<string>, type: ts.Type): void {
    const actual = typeAtoms(type, this.contract.checker);
    const same = documented.size === actual.size && [...documented].every((atom) => actual.has(atom));
    if (!same)
      this.problems.push(
        `${where}: ${[...documented].join(' | ')} in the doc, ${[...actual].join(' | ')} in the contract`,
      );
  }
}

/** An object, list or named shape (`X` or `X | null`) without its `null`; undefined for primitives and literals. */
function nullableShape(node: ts.TypeNode): ts.TypeNode | undefined {
  const parts = ts.isUnionTypeNode(node) ? node.types.filter((part) => !isNullNode(part)) : [node];
  const [shape] = parts;
  if (parts.length !== 1 || (ts.isUnionTypeNode(node) && node.types.length !== 2)) return undefined;
  const named = ts.isTypeReferenceNode(shape) && /^[A-Z]/.test(shape.typeName.getText());
  return ts.isTypeLiteralNode(shape) || named || elementNode(shape) ? shape : undefined;
}

function isNullNode(node: ts.TypeNode): boolean {
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}

/** `T[]`, `Array<T>` and the doc's `[{ … }]` (a list of such objects). */
function elementNode(node: ts.TypeNode): ts.TypeNode | undefined {
  if (ts.isArrayTypeNode(node)) return node.elementType;
  if (ts.isTupleTypeNode(node) && node.elements.length === 1) return node.elements[0];
  if (ts.isTypeReferenceNode(node) && node.typeName.getText() === 'Array') return node.typeArguments?.[0];
  return undefined;
}

/** A union of primitives and literals as a set of names: `boolean` is `true | false`, any object is `object`. */
function docAtoms(node: ts.TypeNode): Set<string> {
  if (ts.isUnionTypeNode(node)) return new Set(node.types.flatMap((part) => [...docAtoms(part)]));
  if (ts.isLiteralTypeNode(node)) {
    if (node.literal.kind === ts.SyntaxKind.NullKeyword) return new Set(['null']);
    if (ts.isStringLiteral(node.literal)) return new Set([JSON.stringify(node.literal.text)]);
    return new Set([node.literal.getText()]);
  }
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return new Set(['true', 'false']);
  return new Set([node.getText()]);
}

function typeAtoms(type: ts.Type, checker: ts.TypeChecker): Set<string> {
  const parts = type.isUnion() ? type.types : [type];
  const atoms = new Set<string>();
  for (const part of parts) {
    if (part.flags & ts.TypeFlags.Undefined) continue;
    else if (part.flags & ts.TypeFlags.Null) atoms.add('null');
    else if (part.isStringLiteral()) atoms.add(JSON.stringify(part.value));
    else if (part.isNumberLiteral()) atoms.add(String(part.value));
    else if (part.flags & ts.TypeFlags.BooleanLiteral) atoms.add(checker.typeToString(part));
    else if (part.flags & ts.TypeFlags.String) atoms.add('string');
    else if (part.flags & ts.TypeFlags.Number) atoms.add('number');
    else if (part.flags & ts.TypeFlags.Object) atoms.add('object');
    else atoms.add(`unknown type flags ${part.flags}`);
  }
  return atoms;
}

export function readDocFile(): DocContract {
  return readDoc(readFileSync(DOC_PATH, 'utf8'));
}

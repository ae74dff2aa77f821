/**
 * Decorator roles: whether a decorator authenticates, only authorises, or neither, by name, by setting,
 * or inferred from its wrapper's body; and the call resolution that guard inference reads bodies through.
 */
import { establishesIdentity, guardKind, isOptionalAuth, letsEveryoneThrough, nameThroughCall, roleByName, type CallResolver, type DecoratorRole, type GuardKind } from './auth';
import type { AssignmentFact, ClassFact, FunctionFact } from './facts';
import type { DecoratorUse } from './flask-model';
import { PASSWORD_CHECK_CALL } from './app-facts';
import { ownNodes } from './body';
import { memo } from './node-memo';
import { callParts, decoratorExpression, dottedName, lastName, parameterNames, stringValue, unwrap } from './python';
import { signsIn } from './routes';
import type { SyntaxNode } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

/**
 * Roles are cached per model (by file, scope and name); inference results per syntax node and epoch
 * (see node-memo.ts), so a keystroke in one view re-reads only that view.
 */
export class DecoratorRoles {
  private readonly decoratorCache = new Map<string, DecoratorRole>();
  private readonly loginEndpoints = new Map<string, boolean>();

  constructor(
    readonly workspace: Workspace,
    /** Extra authentication decorator names (`flaskGuard.authDecorators`). */
    private readonly authDecorators: readonly string[],
    private readonly epoch: number,
  ) {}

  decoratorUse(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact): DecoratorUse {
    return { expr, file, ...(scope && { scope }), role: this.decoratorRole(file, expr, scope) };
  }

  /** Authentication, authorisation only, or neither: by name, by setting, or inferred from the body. */
  private decoratorRole(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact): DecoratorRole {
    if (isOptionalAuth(expr)) return 'none';
    const callee = callParts(expr)?.callee ?? expr;
    const name = dottedName(callee) ?? nameThroughCall(callee);
    const key = `${file.path}#${scope?.qualname ?? ''}#${name}`;
    const cached = this.decoratorCache.get(key);
    if (cached) return cached;
    this.decoratorCache.set(key, 'none'); // recursion guard
    let role: DecoratorRole = 'none';
    let binding = name ? this.workspace.resolveDotted(file, name, scope) : undefined;
    // An instance of a workspace class used as a decorator (Authlib's `ResourceProtector` pattern): its `__call__` decides.
    if (binding?.kind === 'value') binding = this.workspace.resolveDotted(file, `${name}.__call__`, scope) ?? binding;
    const byName = roleByName(binding?.kind === 'external' ? binding.qualified : name, this.authDecorators) ?? roleByName(name, this.authDecorators);
    // `def admin_required(view): <wrapper> return view`: the wrapper is built and dropped, the route gets the bare view.
    if (binding?.kind === 'function' && this.handsBackBareView(binding.file, binding.fact)) role = 'none';
    else if (binding?.kind === 'function') {
      const inferred = this.inferDecorator(binding.file, binding.fact);
      if (inferred === 'guard' || inferred === 'fail-open') role = byName === 'authorization' && !this.wrapperEstablishesIdentity(binding.file, binding.fact) ? 'authorization' : 'authentication';
      else if (inferred === 'optional') role = 'none';
      // A project function named like a known decorator is one only if its wrapper can turn a request away.
      else role = byName && !this.wrapperLetsEveryoneThrough(binding.file, binding.fact) ? byName : 'none';
      // An optional check in the wrapper's body runs after the decorators on the wrapper itself (`@get_user_info` over it), which still count.
      role = strongest([role, ...(inferred === 'optional' ? this.rolesOnWrapper(binding.file, binding.fact) : this.rolesApplied(binding.file, binding.fact))]);
    } else if (!byName && binding?.kind === 'class') {
      // `@LoginRequired('login')`: an instance of a workspace class decorates the view through its `__call__`;
      // `@login_guard`: the class itself wraps the view.
      const inferred = callParts(expr) ? this.inferClassDecorator(binding.file, binding.fact) : this.inferWrappingClass(binding.file, binding.fact);
      role = inferred === 'guard' || inferred === 'fail-open' ? 'authentication' : 'none';
    } else if (!byName && binding?.kind === 'value' && isDecoratorAlias(binding.fact)) {
      // `restricted = roles_accepted('admin')`, then `@restricted`: the decorator the name was bound to.
      role = this.decoratorRole(binding.file, binding.fact.value, binding.fact.scope);
    } else role = byName ?? 'none';
    this.decoratorCache.set(key, role);
    return role;
  }

  /**
   * A decorator defined in the workspace authenticates when its wrapper
   * rejects the request before calling the view. Factories (`roles('x')`)
   * are followed to the innermost wrapper.
   */
  private inferDecorator(file: IndexedFile, fn: FunctionFact): GuardKind {
    return memo(fn.node, 'decorator', this.epoch, () => this.inferWrapper(file, fn));
  }

  /**
   * The roles of the decorators a project decorator hands the view to: `return login_required(roles_required('admin')(f))`,
   * `return jwt_required()(view)`, or `@login_required` on its inner wrapper.
   */
  private rolesApplied(file: IndexedFile, fn: FunctionFact): DecoratorRole[] {
    const found = this.findWrapper(file, fn, 0);
    const wrapped = new Set([...fn.params, ...file.facts.functions.filter((f) => f.enclosing === fn).map((f) => f.name)]);
    const values = fn.node
      .find('return_statement')
      .filter((r) => r.ancestor('function_definition') === fn.node)
      .map((r) => r.namedChildren[0]);
    const returned = values.flatMap((v) => decoratorsApplied(v, wrapped));
    // `def require_permission(p): return require_permissions((p,))`: a factory with no wrapper of its own hands back another's.
    const forwarded = found ? [] : values.filter((v) => isForwardedDecorator(v, wrapped));
    const through = found ? [] : this.decoratorsCalledThrough(file, fn, wrapped);
    return [...this.rolesOnWrapper(file, fn), ...[...returned, ...forwarded, ...through].map((expr) => this.decoratorUse(file, expr, fn).role)];
  }

  /** The roles of the decorators on the wrapper a project decorator hands back (`@login_required` over it). */
  private rolesOnWrapper(file: IndexedFile, fn: FunctionFact): DecoratorRole[] {
    const found = this.findWrapper(file, fn, 0);
    // A wrapper registered on the way (`@bp.route(...)` over it) while the factory returns the view itself wraps nothing the caller gets.
    const wrapper = found && fn.node.find('return_statement').some((r) => unwrap(r.namedChildren[0])?.text === found.name) ? found : undefined;
    return (wrapper?.decorators ?? []).flatMap((d) => {
      const expr = decoratorExpression(d);
      return expr ? [this.decoratorUse(file, expr, wrapper!.enclosing).role] : [];
    });
  }

  /**
   * `return login_required(f)(*args, **kwargs)` in the wrapper `fn` returns: with no bare call of the view anywhere
   * (no wrapper was found), each request reaches the view through the decorators so applied.
   */
  private decoratorsCalledThrough(file: IndexedFile, fn: FunctionFact, wrapped: ReadonlySet<string>): SyntaxNode[] {
    const returnedNames = new Set(fn.node.find('return_statement').map((r) => unwrap(r.namedChildren[0])?.text));
    return file.facts.functions
      .filter((f) => f.enclosing === fn && returnedNames.has(f.name))
      .flatMap((f) => f.node.find('call'))
      .flatMap((c) => {
        const callee = callParts(c)?.callee;
        return callee?.type === 'call' ? decoratorsApplied(callee, wrapped) : [];
      });
  }

  /** The function that builds the wrapper returns only its own parameter (the view), never the wrapper. */
  private handsBackBareView(file: IndexedFile, fn: FunctionFact): boolean {
    const holder = this.findWrapper(file, fn, 0)?.enclosing;
    if (!holder) return false;
    const values = holder.node
      .find('return_statement')
      .filter((r) => r.ancestor('function_definition') === holder.node)
      .map((r) => unwrap(r.namedChildren[0]));
    return values.length > 0 && values.every((v) => v?.type === 'identifier' && holder.params.includes(v.text));
  }

  /** The wrapper checks who the caller is, in its body or by an authentication decorator of its own (`@jwt_required()` on it). */
  private wrapperEstablishesIdentity(file: IndexedFile, fn: FunctionFact): boolean {
    return memo(fn.node, 'identity', this.epoch, () => {
      const wrapper = this.findWrapper(file, fn, 0);
      if (!wrapper) return false;
      return (
        establishesIdentity(wrapper.node.field_('body'), this.callResolver(file, wrapper)) ||
        wrapper.decorators.some((d) => {
          const expr = decoratorExpression(d);
          return !!expr && this.decoratorUse(file, expr, wrapper.enclosing).role === 'authentication';
        })
      );
    });
  }

  private wrapperLetsEveryoneThrough(file: IndexedFile, fn: FunctionFact): boolean {
    const wrapper = this.findWrapper(file, fn, 0);
    if (!wrapper) return false;
    const view = new Set<string>();
    for (let f = wrapper.enclosing; f; f = f.enclosing) f.params.forEach((p) => view.add(p));
    return letsEveryoneThrough(wrapper.node.field_('body'), view, this.callResolver(file, wrapper));
  }

  private inferWrapper(file: IndexedFile, fn: FunctionFact): GuardKind {
    const wrapper = this.findWrapper(file, fn, 0);
    return wrapper ? this.wrapperGuard(wrapper, wrapper.enclosing, this.callResolver(file, wrapper)) : 'none';
  }

  /** How `wrapper` treats the request before it calls the view, one of the parameters of `holders` (the functions around it, or itself). */
  private wrapperGuard(wrapper: FunctionFact, holders: FunctionFact | undefined, calls: CallResolver): GuardKind {
    const viewParams = new Set<string>();
    for (let f = holders; f; f = f.enclosing) f.params.forEach((p) => viewParams.add(p));
    return guardKind(wrapper.node.field_('body'), calls, callsViewOutright(viewParams));
  }

  /** The methods of a class as it (or the nearest base that defines them) has them. */
  private classMethods(file: IndexedFile, cls: ClassFact): (name: string) => { file: IndexedFile; fact: FunctionFact } | undefined {
    const chain = this.workspace.classChain(file, cls);
    return (name) => chain.map(({ cls: c, file: f }) => ({ file: f, fact: c.methods.find((m) => m.name === name) })).find((m): m is { file: IndexedFile; fact: FunctionFact } => !!m.fact);
  }

  /**
   * A class that decorates views itself (`@login_guard`): `__init__` keeps the view (`self.view = view`) and
   * `__call__`, run for each request, is the wrapper.
   */
  private inferWrappingClass(file: IndexedFile, cls: ClassFact): GuardKind {
    return memo(cls.node, 'wrapping-class', this.epoch, () => {
      const method = this.classMethods(file, cls);
      const init = method('__init__');
      const call = method('__call__');
      const viewParam = init?.fact.params[1];
      if (!call || !viewParam) return 'none';
      const kept = init.fact.node.find('assignment').filter((a) => unwrap(a.field_('right'))?.text === viewParam).map((a) => a.field_('left')?.text ?? '');
      return guardKind(call.fact.node.field_('body'), this.callResolver(call.file, call.fact), callsViewOutright(new Set(kept)));
    });
  }

  /**
   * A class whose instances decorate views: its (or a base's) `__call__` wraps the view. A base's wrapper
   * may hand the view to a method each subclass overrides (`return self.check(view, *args)`): that
   * method, as the subclass defines it, is the guard.
   */
  private inferClassDecorator(file: IndexedFile, cls: ClassFact): GuardKind {
    return memo(cls.node, 'class-decorator', this.epoch, () => {
      const method = this.classMethods(file, cls);
      const call = method('__call__');
      if (!call) return 'none';
      // `self.x(...)` is the method as the decorating class (not the base that calls it) defines it.
      const calls = (fn: { file: IndexedFile; fact: FunctionFact }): CallResolver => {
        const own = this.callResolver(fn.file, fn.fact);
        const resolve: CallResolver = (c) => {
          const name = /^self\.(\w+)$/.exec(callParts(c)?.name ?? '')?.[1];
          return name ? method(name)?.fact.node.field_('body') : own(c);
        };
        return Object.assign(resolve, { origin: own.origin });
      };
      const wrapper = this.findWrapper(call.file, call.fact, 0);
      if (wrapper) return this.wrapperGuard(wrapper, wrapper.enclosing, calls({ file: call.file, fact: wrapper }));
      const viewParam = call.fact.params[1];
      const handOff = call.file.facts.functions
        .filter((f) => f.enclosing === call.fact)
        .flatMap((f) => f.node.find('call'))
        .map((c) => callParts(c))
        .find((p) => /^self\.\w+$/.test(p?.name ?? '') && p!.positional.some((a) => a.text === viewParam));
      const target = handOff && method(handOff.name!.slice('self.'.length));
      return target ? this.wrapperGuard(target.fact, target.fact, calls({ file: target.file, fact: target.fact })) : 'none';
    });
  }

  /** The innermost nested function that calls one of its enclosing functions' parameters. */
  private findWrapper(file: IndexedFile, fn: FunctionFact, depth: number): FunctionFact | undefined {
    if (depth > 3) return undefined;
    const inner = file.facts.functions.filter((f) => f.enclosing === fn);
    for (const f of inner) {
      const outerParams = new Set<string>();
      for (let o: FunctionFact | undefined = fn; o; o = o.enclosing) o.params.forEach((p) => outerParams.add(p));
      const calls = f.node.find('call').some((c) => outerParams.has(callParts(c)?.name ?? ''));
      if (calls) return f;
      const deeper = this.findWrapper(file, f, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  }

  /** Resolves calls in `fn`'s body to workspace functions' bodies (one level of helpers), and names to the packages they come from. */
  callResolver(file: IndexedFile, fn: FunctionFact | undefined): CallResolver {
    // The helpers handed out, by their definitions: a name in one is read with its own module's imports.
    const homes = new Map<SyntaxNode, { file: IndexedFile; fact: FunctionFact }>();
    const handOut = (home: { file: IndexedFile; fact: FunctionFact } | undefined) => {
      if (home) homes.set(home.fact.node, home);
      return home?.fact.node.field_('body');
    };
    const resolve: CallResolver = (call) => {
      const callee = this.calledFunction(file, fn, call);
      if (callee) return handOut(callee);
      const name = callParts(call)?.name;
      const b = name ? this.workspace.resolveDotted(file, name, fn) : undefined;
      return b?.kind === 'value' && this.wrapsInAuthentication(b.file, b.fact) ? 'authenticates' : undefined;
    };
    resolve.origin = (dotted, at) => {
      let home: { file: IndexedFile; fact: FunctionFact | undefined } | undefined;
      for (let n: SyntaxNode | null = at; n && !home; n = n.parent) home = homes.get(n);
      home ??= { file, fact: fn };
      const b = this.workspace.resolveDotted(home.file, dotted, home.fact);
      return b?.kind === 'external' ? b.qualified : undefined;
    };
    resolve.loginEndpoint = (endpoint) => this.isLoginEndpoint(endpoint);
    return resolve;
  }

  /**
   * `url_for('home.index')`: whether the view the endpoint names (by Flask's default, the function's name after its
   * blueprint's) checks a password and logs the caller in, so that a redirect there sends the caller to log in.
   */
  private isLoginEndpoint(endpoint: string): boolean {
    let known = this.loginEndpoints.get(endpoint);
    if (known === undefined) this.loginEndpoints.set(endpoint, (known = this.findsLoginView(endpoint)));
    return known;
  }

  private findsLoginView(endpoint: string): boolean {
    const dot = endpoint.lastIndexOf('.');
    const blueprint = endpoint.slice(0, Math.max(dot, 0));
    const name = endpoint.slice(dot + 1);
    for (const file of this.workspace.all()) {
      for (const fn of file.facts.functions) {
        if (fn.name === name && this.routedOn(file, fn, blueprint) && this.logsInWithPassword(file, fn)) return true;
      }
    }
    return false;
  }

  /** `@home_bp.route('/')` on the function; with a blueprint named, one not made as another (`Blueprint('admin', ...)`, `Flask(...)`). */
  private routedOn(file: IndexedFile, fn: FunctionFact, blueprint: string): boolean {
    return fn.decorators.some((d) => {
      const callee = callParts(decoratorExpression(d))?.callee;
      if (callee?.type !== 'attribute' || !ROUTE_DECORATOR.test(callee.field_('attribute')?.text ?? '')) return false;
      if (!blueprint) return true;
      const receiver = this.workspace.resolveExpression(file, callee.field_('object'), fn.enclosing);
      const made = receiver?.kind === 'value' ? callParts(unwrap(receiver.fact.value)) : undefined;
      const maker = lastName(made?.name);
      if (maker === 'Flask') return false;
      return maker !== 'Blueprint' || stringValue(made!.positional[0] ?? made!.keywords.get('name')) === blueprint;
    });
  }

  /** The view checks a password (itself, or in a helper it calls) and then keeps the caller in the session or signs them in. */
  private logsInWithPassword(file: IndexedFile, fn: FunctionFact): boolean {
    const body = fn.node.field_('body');
    const calls = ownNodes(body, ['call']);
    const checksPassword = PASSWORD_CHECK_CALL.test(body?.text ?? '') || calls.some((c) => PASSWORD_CHECK_CALL.test(this.calledFunction(file, fn, c)?.fact.node.text ?? ''));
    return checksPassword && (calls.some(signsIn) || ownNodes(body, ['assignment']).some(writesSession));
  }

  /**
   * The workspace function a call in `fn` runs: one its name resolves to, the class's own (or inherited) method
   * for `self.prepare_edit(...)` in a view method, or the base's for `super().post(name)`.
   */
  private calledFunction(file: IndexedFile, fn: FunctionFact | undefined, call: SyntaxNode): { file: IndexedFile; fact: FunctionFact } | undefined {
    const parts = callParts(call);
    if (!parts) return undefined;
    if (!parts.name) return this.superMethod(file, fn, parts.callee);
    const b = this.workspace.resolveDotted(file, parts.name, fn);
    if (b?.kind === 'function') return b;
    const method = /^self\.(\w+)$/.exec(parts.name)?.[1];
    const cls = method && fn?.className ? file.facts.classes.find((c) => c.methods.includes(fn)) : undefined;
    return cls ? this.workspace.classChain(file, cls).flatMap(({ cls: c, file: f }) => c.methods.map((m) => ({ file: f, fact: m }))).find((m) => m.fact.name === method) : undefined;
  }

  /**
   * Does the call run a workspace function an authentication decorator wraps (`controller.list_users()` of a method
   * under `@admin_required`, `@login_required` on a service function)? Its check runs before its body, for the caller too.
   */
  runsAuthenticatedFunction(file: IndexedFile, fn: FunctionFact | undefined, call: SyntaxNode): boolean {
    const callee = this.calledFunction(file, fn, call);
    return !!callee && callee.fact.decorators.some((d) => {
      const expr = decoratorExpression(d);
      return !!expr && this.decoratorUse(callee.file, expr, callee.fact.enclosing).role === 'authentication';
    });
  }

  /**
   * `super().post(name)` or `super(Cls, self).post(name)` in a class view's handler: the method of that name
   * further up the class chain (past `Cls` when it is named), where a base view keeps the check it hands down.
   */
  private superMethod(file: IndexedFile, fn: FunctionFact | undefined, callee: SyntaxNode): { file: IndexedFile; fact: FunctionFact } | undefined {
    const sup = callee.type === 'attribute' ? callParts(callee.field_('object')) : undefined;
    const method = callee.field_('attribute')?.text;
    const cls = sup?.name === 'super' && fn?.className ? file.facts.classes.find((c) => c.methods.includes(fn)) : undefined;
    if (!cls || !method) return undefined;
    const chain = this.workspace.classChain(file, cls);
    const named = sup!.positional[0]?.text;
    const from = Math.max(0, named ? chain.findIndex(({ cls: c }) => c.name === named) : 0);
    return chain.slice(from + 1).flatMap(({ cls: c, file: f }) => c.methods.map((m) => ({ file: f, fact: m }))).find((m) => m.fact.name === method);
  }

  /**
   * `check = auth.login_required(lambda: None)`: a callable that an authentication decorator wraps, kept to be
   * called from a hook (Flask-HTTPAuth offers no other way to run its check there).
   */
  private wrapsInAuthentication(file: IndexedFile, value: AssignmentFact): boolean {
    const parts = callParts(value.value);
    return !!parts && parts.positional.length === 1 && this.decoratorUse(file, parts.callee, value.scope).role === 'authentication';
  }

  /** `def login_exempt(f): f.login_exempt = True; return f`: the attributes a workspace decorator sets on what it decorates. */
  markersSetBy(use: DecoratorUse): string[] {
    const callee = callParts(use.expr)?.callee ?? use.expr;
    const fn = this.workspace.resolveExpression(use.file, callee, use.scope);
    if (fn?.kind !== 'function') return [];
    return memo(fn.fact.node, 'markers', this.epoch, () =>
      fn.fact.node.find('assignment').flatMap((a) => {
        const target = a.field_('left');
        const owner = target?.type === 'attribute' ? target.field_('object') : undefined;
        const def = owner?.type === 'identifier' ? a.ancestor('function_definition') : undefined;
        return def && parameterNames(def).includes(owner!.text) ? [target!.field_('attribute')!.text] : [];
      }),
    );
  }
}

/** `a(b()(f))`: the decorators (`a`, `b()`) applied, innermost last, to one of the `wrapped` names. */
function decoratorsApplied(expr: SyntaxNode | undefined, wrapped: ReadonlySet<string>): SyntaxNode[] {
  const parts = callParts(unwrap(expr));
  const arg = parts?.positional.length === 1 ? unwrap(parts.positional[0]) : undefined;
  if (!parts || !arg) return [];
  if (arg.type === 'identifier') return wrapped.has(arg.text) ? [parts.callee] : [];
  const inner = decoratorsApplied(arg, wrapped);
  return inner.length ? [parts.callee, ...inner] : [];
}

/** A call returned as is, given none of the `wrapped` names: the decorator a factory builds from another factory. */
function isForwardedDecorator(expr: SyntaxNode | undefined, wrapped: ReadonlySet<string>): expr is SyntaxNode {
  const parts = callParts(unwrap(expr));
  return !!parts && !decoratorsApplied(expr, wrapped).length && !parts.positional.some((a) => wrapped.has(unwrap(a)?.text ?? ''));
}

/** The methods of an app or blueprint that register a view: `route`, `get`, `post`... */
const ROUTE_DECORATOR = /^(route|get|post|put|patch|delete)$/;

/** `session['trainer'] = ...`: the caller is kept in the session. */
function writesSession(assignment: SyntaxNode): boolean {
  const target = unwrap(assignment.field_('left'));
  return target?.type === 'subscript' && /^(flask\.)?session$/.test(dottedName(target.field_('value')) ?? '');
}

const ROLE_STRENGTH: readonly DecoratorRole[] = ['none', 'authorization', 'authentication'];

function strongest(roles: DecoratorRole[]): DecoratorRole {
  return roles.reduce((a, b) => (ROLE_STRENGTH.indexOf(b) > ROLE_STRENGTH.indexOf(a) ? b : a), 'none');
}

/** `restricted = roles_accepted('admin')`, `guard = auth.login_required`: a plain name bound once to a decorator, at module level. */
function isDecoratorAlias(fact: AssignmentFact): boolean {
  const value = unwrap(fact.value);
  return fact.names.length === 1 && fact.target.type === 'identifier' && !fact.scope && !fact.className && !!value && ['call', 'attribute', 'identifier'].includes(value.type);
}

/** A statement that calls the view (one of `names`) outright, not under a test of its own. */
function callsViewOutright(names: ReadonlySet<string>): (stmt: SyntaxNode) => boolean {
  return (stmt) => stmt.find('call').some((c) => names.has(callParts(c)?.name ?? '')) && !stmt.find('if_statement', 'try_statement').length;
}

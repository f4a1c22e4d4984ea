"""What a GraphQL document asks for: its connection cost, depth and alias count."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

# Relay connections only: the argument names that size a page (`last` for backward paging).
PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True)
class CostReport:
    """The cost of one operation and the page-size arguments it got wrong."""

    requested: int
    errors: tuple[GraphQLError, ...] = ()


def fragments_in_dependency_order(document: DocumentNode) -> list[FragmentDefinitionNode]:
    """Every fragment after the fragments it spreads; a cycle is cut where it closes."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    ordered: list[FragmentDefinitionNode] = []
    done: set[str] = set()
    # An explicit stack: a chain of thousands of fragments must not hit the recursion limit.
    for root in fragments:
        if root in done:
            continue
        path = [(root, iter(_spreads(fragments[root].selection_set)))]
        on_path = {root}
        while path:
            name, pending = path[-1]
            child = next(
                (s for s in pending if s in fragments and s not in done and s not in on_path), None
            )
            if child is None:
                path.pop()
                on_path.discard(name)
                done.add(name)
                ordered.append(fragments[name])
            else:
                path.append((child, iter(_spreads(fragments[child].selection_set))))
                on_path.add(child)
    return ordered


def _spreads(selection_set: SelectionSetNode) -> Iterator[str]:
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                stack.append(selection.selection_set)


def fold_fragments(
    document: DocumentNode, measure: Callable[[SelectionSetNode, dict[str, int]], int]
) -> dict[str, int]:
    """`measure` of every fragment, each computed once (a spread used N times costs N lookups)."""
    # Memoising per fragment keeps the walk linear: re-walking a fragment at each spread is
    # exponential in a document where each fragment spreads the next one twice.
    memo: dict[str, int] = {}
    for fragment in fragments_in_dependency_order(document):
        memo[fragment.name.value] = measure(fragment.selection_set, memo)
    return memo


def query_depth(selection_set: SelectionSetNode, fragments: dict[str, int]) -> int:
    """Nesting of fields with sub-selections; `__schema`/`__type` subtrees count 0."""
    # Introspection is bounded by graphql-core's MaxIntrospectionDepthRule instead (it is in
    # `specified_rules`); counting it here would refuse GraphiQL's own query (depth 14).
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = selection.selection_set
            if inner is None or selection.name.value.startswith("__"):
                continue
            depth = 1 + query_depth(inner, fragments)
        elif isinstance(selection, InlineFragmentNode):
            depth = query_depth(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            depth = fragments.get(selection.name.value, 0)
        deepest = max(deepest, depth)
    return deepest


def alias_count(selection_set: SelectionSetNode, fragments: dict[str, int]) -> int:
    """Aliased fields, counting a fragment once per spread."""
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            total += fragments.get(selection.name.value, 0)
            continue
        if isinstance(selection, FieldNode) and selection.alias is not None:
            total += 1
        if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
            total += alias_count(selection.selection_set, fragments)
    return total


class _CostWalk:
    """One pass over an operation; costs are per unit of the enclosing pages' product."""

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
        default_first: int,
        max_first: int | None,
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.default_first = default_first
        self.max_first = max_first
        self.errors: list[GraphQLError] = []
        self.variable_defaults = {
            d.variable.name.value: value_from_ast_untyped(d.default_value)
            for d in operation.variable_definitions or ()
            if d.default_value is not None
        }
        self.fragment_costs: dict[str, int] = {}

    def cost(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> int:
        # Linear in the multiplier, so a fragment's cost is computed once for a multiplier of 1.
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                total += self.fragment_costs.get(selection.name.value, 0)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                scope = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, scope)
            elif isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent)
        return total

    def field_cost(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        field = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field = parent.fields.get(node.name.value)
        if parent is None or field is None:
            # Unknown fields only occur in documents that failed validation: walk on, untyped.
            return self.cost(node.selection_set, None) if node.selection_set else 0
        named = get_named_type(field.type)
        inner = self.cost(node.selection_set, named) if node.selection_set else 0
        if not named.name.endswith("Connection"):
            return inner
        page = self.page_size(node, field, f"{parent.name}.{node.name.value}")
        return page * (1 + inner)

    def page_size(self, node: FieldNode, field: GraphQLField, label: str) -> int:
        sizes: dict[str, int] = {}
        for name in PAGE_ARGUMENTS:
            value = self.argument(node, name)
            if value is None:
                continue
            if self.max_first is not None and not 0 <= value <= self.max_first:
                self.errors.append(
                    GraphQLError(
                        f"Argument '{name}' of field '{label}' must be between 0 and "
                        f"{self.max_first}; got {value}.",
                        node,
                        extensions={"code": "INVALID_ARGUMENT"},
                    )
                )
            sizes[name] = max(value, 0)
        if "first" in sizes or "last" in sizes:
            return sizes.get("first", sizes.get("last", 0))
        # Absent, null or not an integer (a coercion error follows): the schema's default
        # (`first: Int = 50`) when it declares one, else the configured default.
        declared: Any = field.args["first"].default_value if "first" in field.args else None
        return declared if _is_int(declared) else self.default_first

    def argument(self, node: FieldNode, name: str) -> int | None:
        """The integer an argument will have, or None when absent, null or not an integer."""
        given = next((a.value for a in node.arguments or () if a.name.value == name), None)
        value: Any = None
        if isinstance(given, VariableNode):
            variable = given.name.value
            value = (
                self.variables[variable]
                if variable in self.variables
                else self.variable_defaults.get(variable)
            )
        elif isinstance(given, IntValueNode):
            value = int(given.value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON clients send 5.0; graphql-core's Int accepts it
        return value if _is_int(value) else None


def _is_int(value: object) -> bool:
    # bool is an int in Python, but `true` is not an Int in GraphQL.
    return isinstance(value, int) and not isinstance(value, bool)


def measure_cost(
    document: DocumentNode,
    schema: GraphQLSchema,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    *,
    default_first: int,
    max_first: int | None = None,
) -> CostReport:
    """The cost of the selected operation, plus an error per page size outside 0..max_first."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return CostReport(0)
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    walk = _CostWalk(schema, operation, variables or {}, default_first, max_first)
    for fragment in fragments_in_dependency_order(document):
        scope = schema.get_type(fragment.type_condition.name.value)
        walk.fragment_costs[fragment.name.value] = walk.cost(fragment.selection_set, scope)
    requested = walk.cost(operation.selection_set, root)
    return CostReport(requested, tuple(walk.errors))


def query_cost(
    document: DocumentNode,
    schema: GraphQLSchema,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    *,
    default_first: int,
) -> int:
    """GitHub-style node count: each connection's page size times those of its ancestors."""
    return measure_cost(
        document, schema, variables, operation_name, default_first=default_first
    ).requested


class CostExtension(SchemaExtension):
    """Reports `extensions.cost` on every parsed request; refuses bad or costly ones unexecuted."""

    def __init__(self, *, limit: int, default_first: int, max_first: int) -> None:
        self.limit = limit
        self.default_first = default_first
        self.max_first = max_first
        self._report: CostReport | None = None

    def report(self) -> CostReport | None:
        """The cost of this request's operation, or None when its document did not parse."""
        context = self.execution_context
        if self._report is None and context.graphql_document is not None:
            self._report = measure_cost(
                context.graphql_document,
                context.schema._schema,
                context.variables,
                context.operation_name,
                default_first=self.default_first,
                max_first=self.max_first,
            )
        return self._report

    def on_execute(self) -> Iterator[None]:
        report = self.report()
        if report is not None:
            errors = list(report.errors)
            if report.requested > self.limit:
                errors.append(
                    GraphQLError(
                        f"Query cost {report.requested} exceeds the limit of {self.limit}; "
                        "ask for smaller pages (`first`).",
                        extensions={"code": "COST_LIMIT_EXCEEDED"},
                    )
                )
            if errors:
                # A result set before execution makes strawberry skip graphql-core's execute.
                self.execution_context.result = ExecutionResult(data=None, errors=errors)
        yield

    def get_results(self) -> dict[str, Any]:
        report = self.report()
        if report is None:
            return {}
        return {"cost": {"requested": report.requested, "limit": self.limit}}

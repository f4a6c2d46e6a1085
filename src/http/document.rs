//! Reading a GraphQL document before executing it: is it introspection only, which organizations does it name, and
//! how wide is it.

use std::collections::HashSet;

use async_graphql::Variables;
use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};

/// What the root of a document's operation asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootFields {
    /// Only `__schema`, `__type` and `__typename`: readable without credentials.
    pub introspection_only: bool,
    /// Only `organization` fields (and `__typename`): the answer depends on the one organization and nothing else the
    /// caller is granted.
    pub organization_only: bool,
    /// Only `organizations` (and `__typename`): a list of what the caller is granted, about no one organization.
    pub listing_only: bool,
    /// The `id` argument of every root `organization` field, resolved through the variables.
    pub organization_ids: Vec<String>,
    /// The operation's name, when it has one.
    pub operation_name: Option<String>,
    /// Fields at the operation's root (through fragments), aliased ones included.
    pub count: usize,
    /// Whether a root field is `__schema` or `__type`.
    pub introspects: bool,
    /// Aliases anywhere in the document.
    pub aliases: usize,
    /// The operation's type: query, mutation or subscription.
    pub operation_type: OperationType,
}

/// The root fields of the operation a request will run; None when the document names no such operation (execution
/// then reports the error).
pub fn root_fields(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
) -> Option<RootFields> {
    let (name, operation) = match &document.operations {
        DocumentOperations::Single(operation) => (None, operation),
        DocumentOperations::Multiple(operations) => {
            let (name, operation) = match operation_name {
                Some(name) => operations.get_key_value(name)?,
                None if operations.len() == 1 => operations.iter().next()?,
                None => return None,
            };
            (Some(name.to_string()), operation)
        }
    };
    let mut fields = RootFields {
        introspection_only: true,
        organization_only: true,
        listing_only: true,
        organization_ids: Vec::new(),
        operation_name: name,
        count: 0,
        introspects: false,
        aliases: aliases(document),
        operation_type: operation.node.ty,
    };
    // Variables the request leaves out take their declared defaults.
    let mut variables = variables.clone();
    for definition in &operation.node.variable_definitions {
        let definition = &definition.node;
        if let Some(default) = &definition.default_value
            && !variables.contains_key(&definition.name.node)
        {
            variables.insert(definition.name.node.clone(), default.node.clone());
        }
    }
    let mut visited = HashSet::new();
    collect(
        document,
        &operation.node.selection_set,
        &variables,
        &mut fields,
        &mut visited,
    );
    Some(fields)
}

/// Whether `@skip(if: true)` or `@include(if: false)` leaves a selection out; an undecidable condition counts as kept,
/// so the check stays on the strict side.
fn left_out(directives: &[Positioned<Directive>], variables: &Variables) -> bool {
    directives.iter().any(|directive| {
        let condition = directive.node.get_argument("if").and_then(|value| {
            value
                .node
                .clone()
                .into_const_with(|name| variables.get(&name).cloned().ok_or(()))
                .ok()
        });
        matches!(
            (directive.node.name.node.as_str(), condition),
            ("skip", Some(async_graphql::Value::Boolean(true)))
                | ("include", Some(async_graphql::Value::Boolean(false)))
        )
    })
}

fn collect<'a>(
    document: &'a ExecutableDocument,
    selections: &'a Positioned<SelectionSet>,
    variables: &Variables,
    fields: &mut RootFields,
    visited: &mut HashSet<&'a str>,
) {
    for selection in &selections.node.items {
        match &selection.node {
            Selection::Field(field) if left_out(&field.node.directives, variables) => {}
            Selection::FragmentSpread(spread) if left_out(&spread.node.directives, variables) => {}
            Selection::InlineFragment(fragment) if left_out(&fragment.node.directives, variables) => {}
            Selection::Field(field) => {
                let field = &field.node;
                let name = field.name.node.as_str();
                fields.count += 1;
                fields.introspects |= name == "__schema" || name == "__type";
                if !name.starts_with("__") {
                    fields.introspection_only = false;
                }
                if name != "organization" && name != "__typename" {
                    fields.organization_only = false;
                }
                if name != "organizations" && name != "__typename" {
                    fields.listing_only = false;
                }
                if name == "organization"
                    && let Some(id) = field.get_argument("id")
                    && let Some(id) = resolved_string(id.node.clone(), variables)
                {
                    fields.organization_ids.push(id);
                }
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                // A fragment spread twice (or in a cycle, which validation refuses anyway) is read once.
                if visited.insert(name)
                    && let Some(fragment) = document.fragments.get(name)
                {
                    collect(document, &fragment.node.selection_set, variables, fields, visited);
                }
            }
            Selection::InlineFragment(fragment) => {
                collect(document, &fragment.node.selection_set, variables, fields, visited);
            }
        }
    }
}

/// Aliases in every operation and fragment of a document, each definition read once.
fn aliases(document: &ExecutableDocument) -> usize {
    fn in_selections(selections: &SelectionSet) -> usize {
        selections
            .items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(field) => {
                    usize::from(field.node.alias.is_some()) + in_selections(&field.node.selection_set.node)
                }
                Selection::InlineFragment(fragment) => in_selections(&fragment.node.selection_set.node),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    let operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| in_selections(&operation.node.selection_set.node))
        .sum();
    let fragments: usize = document
        .fragments
        .values()
        .map(|fragment| in_selections(&fragment.node.selection_set.node))
        .sum();
    operations + fragments
}

/// An `ID` argument's value as a string (IDs may be written as strings or integers), variables resolved; None for any
/// other kind of value.
fn resolved_string(value: async_graphql_value::Value, variables: &Variables) -> Option<String> {
    match value.into_const_with(|name| variables.get(&name).cloned().ok_or(())) {
        Ok(async_graphql::Value::String(text)) => Some(text),
        Ok(async_graphql::Value::Number(number)) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn fields(query: &str) -> RootFields {
        root_fields(&parse_query(query).unwrap(), None, &Variables::default()).unwrap()
    }

    fn fields_with(query: &str, operation: Option<&str>, variables: &Variables) -> RootFields {
        root_fields(&parse_query(query).unwrap(), operation, variables).unwrap()
    }

    #[test]
    fn schema_introspection_is_introspection_only() {
        assert!(fields("{ __schema { types { name } } }").introspection_only);
        assert!(fields("query { __typename }").introspection_only);
    }

    #[test]
    fn a_data_field_hidden_in_a_fragment_is_not_introspection() {
        let found = fields("query { ...F } fragment F on Query { organizations { id } }");

        assert!(!found.introspection_only);
    }

    #[test]
    fn organization_ids_are_read_from_literals_variables_and_aliases() {
        let variables = Variables::from_json(serde_json::json!({ "org": "org_b" }));

        let found = fields_with(
            r#"query Q($org: ID!) { a: organization(id: "org_a") { id } b: organization(id: $org) { id } }"#,
            Some("Q"),
            &variables,
        );

        assert_eq!(found.organization_ids, ["org_a", "org_b"]);
    }

    #[test]
    fn a_document_reading_only_the_organizations_list_is_listing_only() {
        assert!(fields("{ organizations { id name } __typename }").listing_only);
        assert!(!fields(r#"{ organizations { id } organization(id: "x") { name } }"#).listing_only);
        assert!(!fields("{ __schema { queryType { name } } }").listing_only);
    }

    #[test]
    fn a_document_reading_only_organizations_by_id_is_organization_only() {
        assert!(fields(r#"{ a: organization(id: "x") { name } __typename }"#).organization_only);
        assert!(!fields(r#"{ organization(id: "x") { name } organizations { name } }"#).organization_only);
        assert!(!fields("{ __schema { queryType { name } } }").organization_only);
    }

    #[test]
    fn declared_defaults_and_integer_ids_are_checked_too() {
        let found =
            fields(r#"query($org: ID = "org_b") { organization(id: $org) { id } again: organization(id: 42) { id } }"#);

        assert_eq!(found.organization_ids, ["org_b", "42"]);
    }

    #[test]
    fn fields_left_out_by_skip_or_include_are_not_checked() {
        let variables = Variables::from_json(serde_json::json!({ "show": false }));

        let found = fields_with(
            r#"query($show: Boolean!) {
                 a: organization(id: "org_a") @skip(if: true) { id }
                 b: organization(id: "org_b") @include(if: $show) { id }
                 c: organization(id: "org_c") @include(if: true) { id } }"#,
            None,
            &variables,
        );

        assert_eq!(found.organization_ids, ["org_c"]);
    }

    #[test]
    fn root_fields_and_aliases_are_counted_through_fragments_and_everywhere_in_the_document() {
        let found = fields(
            r#"query { a: organization(id: "x") { n: name } ...Root __typename }
               fragment Root on Query { b: organization(id: "x") { id } organizations { id } }"#,
        );

        assert_eq!(found.count, 4);
        assert_eq!(found.aliases, 3);
    }
}

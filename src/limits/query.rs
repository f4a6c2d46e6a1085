//! How large, deep, wide and costly one GraphQL request may be. Each limit is checked as early as it can be: the
//! document's size and bracket nesting on the raw text, before any parsing; aliases and root fields on the parsed
//! document; depth and cost from validation — all before any resolver runs.

use crate::config::LimitArgs;
use crate::error::{Error, Limit, LimitExceeded, Result};

/// The limits, as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest query document, in bytes.
    pub max_document_bytes: usize,
    /// Deepest field selection.
    pub max_depth: usize,
    /// Highest cost (complexity): each field costs 1, each metric group more (`graphql/cost.rs`).
    pub max_complexity: usize,
    /// Most aliases in one document.
    pub max_aliases: usize,
    /// Most root fields in one operation.
    pub max_root_fields: usize,
}

impl QueryLimits {
    /// The limits `args` configure.
    pub fn from_args(args: &LimitArgs) -> Self {
        Self {
            max_body_bytes: args.max_body_bytes,
            max_document_bytes: args.max_document_bytes,
            max_depth: args.max_query_depth,
            max_complexity: args.max_query_complexity,
            max_aliases: args.max_aliases,
            max_root_fields: args.max_root_fields,
        }
    }

    /// Checks the document's size and its bracket nesting on the raw text, so no parser ever recurses into a hostile
    /// document (a parser's recursion is bounded by the stack, not by the document).
    pub fn check_text(&self, query: &str) -> Result<()> {
        exceeds(Limit::DocumentBytes, self.max_document_bytes, query.len())?;
        // Brackets nest one level deeper than fields (the operation's own braces), and arguments may nest lists
        // and objects a little: twice the depth limit leaves every legitimate query room.
        exceeds(Limit::Nesting, self.max_depth * 2, nesting(query))
    }

    /// Checks the aliases and root fields of a parsed document.
    pub fn check_shape(&self, aliases: usize, root_fields: usize) -> Result<()> {
        exceeds(Limit::Aliases, self.max_aliases, aliases)?;
        exceeds(Limit::RootFields, self.max_root_fields, root_fields)
    }

    /// Checks the depth and cost validation computed.
    pub fn check_validated(&self, depth: usize, complexity: usize) -> Result<()> {
        exceeds(Limit::Depth, self.max_depth, depth)?;
        exceeds(Limit::Complexity, self.max_complexity, complexity)
    }
}

fn exceeds(limit: Limit, maximum: usize, found: usize) -> Result<()> {
    if found > maximum {
        return Err(Error::QueryLimit(LimitExceeded { limit, maximum, found }));
    }
    Ok(())
}

#[cfg(test)]
impl QueryLimits {
    /// Limits small enough for unit tests to go over each.
    pub fn small() -> Self {
        Self {
            max_body_bytes: 1_000,
            max_document_bytes: 100,
            max_depth: 3,
            max_complexity: 50,
            max_aliases: 2,
            max_root_fields: 2,
        }
    }
}

/// The deepest nesting of `{`, `[` and `(` outside strings and comments.
pub fn nesting(query: &str) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while at < bytes.len() {
        match bytes[at] {
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            b'"' if bytes[at..].starts_with(b"\"\"\"") => {
                at += 3;
                while at < bytes.len() && !bytes[at..].starts_with(b"\"\"\"") {
                    at += if bytes[at..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                at += 2;
            }
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' && bytes[at] != b'\n' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> QueryLimits {
        QueryLimits::small()
    }

    #[test]
    fn nesting_counts_brackets_but_not_those_in_strings_block_strings_or_comments() {
        assert_eq!(nesting("{ a { b(x: [[1]]) { c } } }"), 5);
        assert_eq!(nesting(r#"{ a(s: "{{{{ \" {{") }"#), 2);
        assert_eq!(nesting("{ a(s: \"\"\"{{{{\n{{{\"\"\") }"), 2);
        assert_eq!(nesting("# {{{{{{\n{ a }"), 1);
    }

    #[test]
    fn a_document_too_large_or_nested_too_deep_is_refused_before_parsing() {
        let large = format!("{{ {} }}", "a ".repeat(60));
        let deep = "{ a { b { c { d { e { f { g } } } } } } }";

        let size = limits().check_text(&large).unwrap_err();
        let nested = limits().check_text(deep).unwrap_err();

        assert_eq!(
            size.to_string(),
            "the query has 124 bytes; this server accepts at most 100"
        );
        assert_eq!(
            nested.to_string(),
            "the query nests brackets 7 deep; this server accepts at most 6"
        );
        assert!(limits().check_text("{ a { b { c } } }").is_ok());
    }

    #[test]
    fn each_limit_names_itself_its_maximum_and_what_was_found() {
        let error = limits().check_validated(3, 51).unwrap_err();

        assert_eq!(error.code().as_str(), "QUERY_LIMIT_EXCEEDED");
        assert_eq!(
            error.details(),
            serde_json::json!({ "limit": "complexity", "maximum": 50, "found": 51 })
        );
        assert!(limits().check_shape(2, 2).is_ok());
        assert!(limits().check_shape(3, 1).is_err());
        assert!(limits().check_shape(0, 3).is_err());
        assert!(limits().check_validated(4, 1).is_err());
    }
}

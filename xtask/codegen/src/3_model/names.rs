//! Method names: from `operationId`, else from method and path, widened
//! only as far as it takes to tell colliding ones apart.

use super::Auth;
use crate::naming::{self, Namer};

use super::operations::RawOp;

/// Methods `Client` has besides the operations (the runtime's, `auth.rs`'s
/// and derived ones), which an operation must not take.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "with_timeout",
    "with_retry",
    "clone",
    "fmt",
    "request",
];

/// Method names: the `operationId` when there is one, else one made from
/// the method and path (`GET /v2/account/connections` → `list_connections`).
/// Path names that collide take in the path's earlier segments, nearest
/// first, one at a time, only as far as it takes to tell them apart
/// (`get_posts_chart`, `get_streams_chart`), then the operation's tag,
/// then its path parameters (`…_by_list_id`); a numeric suffix is the last
/// resort (two `operationId`s that are the same).
pub(super) fn operation_names(raw: &[RawOp<'_>], auth: &Auth) -> Vec<String> {
    let paths: Vec<Option<PathName>> = raw
        .iter()
        .map(|r| {
            r.op.operation_id.is_none().then(|| {
                let path = r.path.split_once('?').map_or(r.path, |(path, _)| path);
                PathName::new(r.method, path, r.op.tags.first().map(String::as_str))
            })
        })
        .collect();
    let mut context = vec![Context::default(); raw.len()];
    let render = |i: usize, context: &[Context]| match (&paths[i], &raw[i].op.operation_id) {
        (Some(path), _) => path.name(context[i]),
        (None, Some(id)) => naming::snake_name(id, "operation"),
        (None, None) => unreachable!("a path name or an operationId"),
    };
    // Widen the path names that collide until none does or none can
    // widen; each round widens at least one, so it ends.
    loop {
        let names: Vec<String> = (0..raw.len()).map(|i| render(i, &context)).collect();
        let mut groups: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            groups.entry(naming::folded(name)).or_default().push(i);
        }
        let mut widened = false;
        for group in groups.values().filter(|g| g.len() > 1) {
            let members: Vec<(usize, &PathName)> = group
                .iter()
                .filter_map(|&i| paths[i].as_ref().map(|p| (i, p)))
                .collect();
            // Paths whose literal segments are the same differ in their
            // parameters: say which (`…_by_user_id`). Others take in one
            // more segment each.
            let same_segments = members.windows(2).all(|w| w[0].1.before == w[1].1.before);
            for (i, path) in members {
                if widened_one(&mut context[i], path, same_segments) {
                    widened = true;
                }
            }
        }
        if !widened {
            break;
        }
    }
    // Types are named after operations (`ListConnectionsParams`), so names
    // must stay unique after conversion to PascalCase too.
    let mut namer = Namer::folding_underscores();
    namer.reserve(CLIENT_METHODS.iter().copied());
    // `Client::with_connection_id` and the like.
    let overrides: Vec<String> = auth
        .slots
        .iter()
        .map(|s| format!("with_{}", s.name))
        .collect();
    namer.reserve(overrides.iter().map(String::as_str));
    (0..raw.len())
        .map(|i| {
            let name = namer.claim(&[render(i, &context)]);
            // The stream method of a paginated operation is `{name}_stream`.
            namer.reserve([format!("{name}_stream").as_str()]);
            name
        })
        .collect()
}

/// Last path segments that name things, not actions, though they are not
/// plurals: `POST …/media` adds media, it does not "media" something.
const MASS_NOUNS: &[&str] = &[
    "media", "data", "metadata", "info", "settings", "status", "history", "content", "self", "me",
];

/// How much more than verb and noun a path name says.
#[derive(Clone, Copy, Debug, Default)]
struct Context {
    /// Earlier literal segments, nearest first.
    segments: usize,
    /// The operation's tag, before the rest.
    tag: bool,
    /// `by` and the path parameters, after the rest.
    params: bool,
}

/// Widens `context` by one step; `false` when it cannot.
fn widened_one(context: &mut Context, path: &PathName, same_segments: bool) -> bool {
    if !context.params && !path.params.is_empty() && same_segments {
        context.params = true;
    } else if context.segments < path.before.len() && !same_segments {
        context.segments += 1;
    } else if !context.params && !path.params.is_empty() {
        context.params = true;
    } else if context.segments < path.before.len() {
        context.segments += 1;
    } else if !context.tag && path.tag.is_some() {
        context.tag = true;
    } else {
        return false;
    }
    true
}

/// A method name made from an operation's method and path, with as much of
/// the path as it takes to be unique.
struct PathName {
    verb: String,
    noun: String,
    /// The literal segments before the noun, nearest first.
    before: Vec<String>,
    tag: Option<String>,
    /// The path parameters, in path order.
    params: Vec<String>,
}

impl PathName {
    fn new(method: &str, path: &str, tag: Option<&str>) -> Self {
        let ends_with_param = path.trim_end_matches('/').ends_with('}');
        let literals: Vec<&str> = literal_segments(path).collect();
        let params = path_template_names(path).map(str::to_owned).collect();
        let tag = tag.map(str::to_owned);
        let Some((last, before)) = literals.split_last() else {
            return PathName {
                verb: method.to_owned(),
                noun: "root".to_owned(),
                before: Vec::new(),
                tag,
                params,
            };
        };
        let mut before: Vec<String> = before.iter().rev().map(|s| (*s).to_owned()).collect();
        let plural = naming::singular(last) != *last;
        let (verb, noun) = match (method, ends_with_param) {
            ("get", false) if plural => ("list".to_owned(), (*last).to_owned()),
            ("get", _) => ("get".to_owned(), naming::singular(last)),
            ("post", false) if plural => ("create".to_owned(), naming::singular(last)),
            // `POST /connections/{id}/invalidate`: an action on the thing
            // before it.
            ("post", false)
                if !before.is_empty()
                    && !MASS_NOUNS.contains(&last.to_ascii_lowercase().as_str()) =>
            {
                let thing = naming::singular(&before.remove(0));
                ((*last).to_owned(), thing)
            }
            ("put", true) => ("replace".to_owned(), naming::singular(last)),
            ("patch", true) => ("update".to_owned(), naming::singular(last)),
            ("delete", true) => ("delete".to_owned(), naming::singular(last)),
            ("put", false) => ("replace".to_owned(), (*last).to_owned()),
            ("patch", false) => ("update".to_owned(), (*last).to_owned()),
            (method, _) => (method.to_owned(), (*last).to_owned()),
        };
        PathName {
            verb,
            noun,
            before,
            tag,
            params,
        }
    }

    /// The name with `context`: the tag, earlier segments, verb and noun,
    /// then `by` the path parameters.
    fn name(&self, context: Context) -> String {
        let mut words: Vec<&str> = vec![&self.verb];
        if context.tag {
            words.extend(self.tag.as_deref());
        }
        let segments = context.segments.min(self.before.len());
        words.extend(self.before[..segments].iter().rev().map(String::as_str));
        words.push(&self.noun);
        if context.params {
            words.push("by");
            words.extend(self.params.iter().map(String::as_str));
        }
        naming::snake_name(&words.join(" "), "operation")
    }
}

fn is_version(segment: &str) -> bool {
    segment.len() > 1
        && segment.starts_with(['v', 'V'])
        && segment[1..].chars().all(|c| c.is_ascii_digit())
}

/// The path segments that name things: no parameters, no version (`v2`),
/// no `api` prefix.
pub(super) fn literal_segments(path: &str) -> impl DoubleEndedIterator<Item = &str> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s) && *s != "api")
}

/// The names of the `{...}` in a path template (`/a/{b}...{c}` → `b`, `c`).
pub(super) fn path_template_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_method_and_path() {
        let name = |method: &str, path: &str, segments: usize| {
            let context = Context {
                segments,
                ..Context::default()
            };
            PathName::new(method, path, Some("Tag")).name(context)
        };
        let cases = [
            ("get", "/v2/account/connections", 0, "list_connections"),
            (
                "get",
                "/v2/account/connections",
                1,
                "list_account_connections",
            ),
            ("get", "/v2/users/{userId}", 0, "get_user"),
            ("post", "/v2/users", 0, "create_user"),
            ("delete", "/v2/users/{id}", 0, "delete_user"),
            ("patch", "/users/{id}", 0, "update_user"),
            ("get", "/v2/account/me", 0, "get_me"),
            ("post", "/v2/posts/{id}/like", 0, "like_post"),
            (
                "post",
                "/v2/connections/{id}/invalidate",
                0,
                "invalidate_connection",
            ),
            ("get", "/v2/vault-plus/{mediaId}", 0, "get_vault_plus"),
            (
                "get",
                "/v2/access/analytics/posts/chart",
                1,
                "get_posts_chart",
            ),
            (
                "get",
                "/v2/access/users/lists/{listId}",
                2,
                "get_access_users_list",
            ),
            ("patch", "/v2/account/settings", 0, "update_settings"),
            ("get", "/", 0, "get_root"),
        ];
        for (method, path, context, expected) in cases {
            assert_eq!(
                name(method, path, context),
                expected,
                "{method} {path} {context}"
            );
        }
    }

    #[test]
    fn path_templates() {
        let names: Vec<&str> =
            path_template_names("/repos/{owner}/compare/{base}...{head}").collect();
        assert_eq!(names, ["owner", "base", "head"]);
    }
}

//! Reading a JSON object's fields by name or alias, with every problem reported at its
//! path: values of the wrong type (`InvalidInput`), unknown fields (`UnknownField`, with the
//! closest known name), a field given under both names.

use crate::error::{ErrorKind, ValidationIssue};
use crate::json::{self, Value};

/// A field's name and its alias (camelCase, and the API's PascalCase).
pub type Field = (&'static str, &'static str);

/// Input issues, then validation's own, less those at or below a path where reading
/// already found a problem (a `port: true` is one problem, not also an invalid port). A
/// request that is not an object at all (`request`) shadows every request field.
pub fn merge_issues(
    mut input: Vec<ValidationIssue>,
    validation: Vec<ValidationIssue>,
) -> Vec<ValidationIssue> {
    let is_request_field =
        |path: &str| !path.starts_with("credentials") && !path.starts_with("options");
    let shadowed = |path: &str| {
        input.iter().any(|i| {
            i.code != ErrorKind::UnknownField
                && ((i.path == "request" && is_request_field(path))
                    || path.strip_prefix(i.path.as_str()).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                    }))
        })
    };
    let kept: Vec<ValidationIssue> = validation
        .into_iter()
        .filter(|v| !shadowed(&v.path))
        .collect();
    input.extend(kept);
    input
}

/// Parses JSON text, or says where it is broken.
pub fn parse_json<'a>(text: &'a str, path: &str) -> Result<Value<'a>, ValidationIssue> {
    json::parse(text).map_err(|e| {
        ValidationIssue::new(
            path,
            ErrorKind::InvalidInput,
            format!("not valid JSON: {e}"),
        )
    })
}

/// Where an object sits, written out only for an issue.
#[derive(Clone, Copy)]
pub enum At<'p> {
    /// The request itself: its fields are `regionId`, ...
    Top,
    Name(&'p str),
    /// An item of the list at a path, e.g. `backendServers[1]`.
    Item(&'p str, usize),
}

impl At<'_> {
    pub fn path(self) -> String {
        match self {
            Self::Top => "request".to_owned(),
            Self::Name(path) => path.to_owned(),
            Self::Item(list, i) => format!("{list}[{i}]"),
        }
    }
}

/// Most fields an object here has (a test holds every declaration to it).
pub const MAX_FIELDS: usize = 8;

/// An object being read: the value of each known field, found in one pass.
pub struct Object<'a, 'v> {
    /// Per known field: its value (under its name if given so, else its alias).
    values: [Option<&'a Value<'v>>; MAX_FIELDS],
    pub at: At<'a>,
    known: &'a [Field],
}

impl<'a, 'v> Object<'a, 'v> {
    pub fn read(
        value: &'a Value<'v>,
        at: At<'a>,
        known: &'a [Field],
        issues: &mut Vec<ValidationIssue>,
    ) -> Option<Self> {
        let Value::Object(members) = value else {
            issues.push(wrong_type(&at.path(), "an object", value));
            return None;
        };
        // Every list here is a constant that a test holds to MAX_FIELDS.
        let known = &known[..known.len().min(MAX_FIELDS)];
        let mut object = Self {
            values: [None; MAX_FIELDS],
            at,
            known,
        };
        let (mut by_name, mut by_alias) = (0u32, 0u32);
        let mut unknown: Vec<&str> = Vec::new();
        for (key, value) in members {
            match known.iter().position(|(n, a)| same(key, n) || same(key, a)) {
                Some(i) if same(key, known[i].0) => {
                    by_name |= 1 << i;
                    object.values[i] = Some(value);
                }
                // The alias counts only when the name is not given.
                Some(i) => {
                    by_alias |= 1 << i;
                    if by_name & (1 << i) == 0 {
                        object.values[i] = Some(value);
                    }
                }
                None => unknown.push(key),
            }
        }
        // Each unknown name once (a name may be repeated), in document order. Past a few
        // hundred (hostile input), repeats are reported again rather than searched for.
        if unknown.len() <= 256 {
            let mut i = 0;
            while i < unknown.len() {
                if unknown[..i].contains(&unknown[i]) {
                    unknown.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        for key in unknown {
            let hint = closest(key, known)
                .map(|n| format!("; did you mean {n:?}?"))
                .unwrap_or_default();
            let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
            issues.push(ValidationIssue::new(
                object.path(key),
                ErrorKind::UnknownField,
                format!("unknown field {key:?}{hint} (known: {})", names.join(", ")),
            ));
        }
        for (i, (name, alias)) in known.iter().enumerate() {
            if by_name & by_alias & (1 << i) != 0 {
                issues.push(ValidationIssue::new(
                    object.path(name),
                    ErrorKind::InvalidInput,
                    format!("{name} is given twice, as {name:?} and as {alias:?}"),
                ));
            }
        }
        Some(object)
    }

    pub fn path(&self, field: &str) -> String {
        match self.at {
            At::Top => field.to_owned(),
            at => format!("{}.{field}", at.path()),
        }
    }

    /// The field's value, under its name or alias; `null` counts as absent.
    pub fn get(&self, name: &str) -> Option<&'a Value<'v>> {
        let i = self.known.iter().position(|(n, _)| same(n, name))?;
        self.values[i].filter(|v| !v.is_null())
    }

    pub fn string(&self, name: &str, issues: &mut Vec<ValidationIssue>) -> Option<String> {
        match self.get(name)? {
            Value::String(s) => Some(s.as_ref().to_owned()),
            other => {
                issues.push(wrong_type(&self.path(name), "a string", other));
                None
            }
        }
    }
}

/// `a == b` for field names, compared inline: in WebAssembly `==` on strings calls a
/// byte-by-byte `memcmp`, and field names are short.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

pub fn wrong_type(path: &str, expected: &str, found: &Value<'_>) -> ValidationIssue {
    ValidationIssue::new(
        path,
        ErrorKind::InvalidInput,
        format!("expected {expected}, not {}", found.kind()),
    )
}

/// The known field closest to a misspelt one, if any is close.
fn closest(key: &str, known: &[Field]) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|(name, alias)| {
            let d = edit_distance(&key, &name.to_ascii_lowercase())
                .min(edit_distance(&key, &alias.to_ascii_lowercase()));
            (d, *name)
        })
        .filter(|(d, name)| *d <= (name.len() / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Edit distance over chars, counting a swap of neighbours as one edit (optimal string
/// alignment), since `prot` for `port` is the usual slip.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Field] = &[
        ("serverId", "ServerId"),
        ("port", "Port"),
        ("weight", "Weight"),
        ("serverIp", "ServerIp"),
    ];

    #[test]
    fn a_repeated_unknown_field_is_one_issue() {
        let value =
            json::parse(r#"{"serverId":"vm-1","prot":80,"port":80,"prot":81,"x":1}"#).unwrap();
        let mut issues = Vec::new();
        Object::read(&value, At::Name("backendServers[0]"), KNOWN, &mut issues);
        let found: Vec<(&str, ErrorKind)> =
            issues.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            found,
            [
                ("backendServers[0].prot", ErrorKind::UnknownField),
                ("backendServers[0].x", ErrorKind::UnknownField)
            ]
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("prot", KNOWN), Some("port"));
        assert_eq!(closest("serverID", KNOWN), Some("serverId"));
        assert_eq!(closest("ServerIP", KNOWN), Some("serverIp"));
        assert_eq!(closest("weigth", KNOWN), Some("weight"));
        assert_eq!(closest("zzzzzzzzz", KNOWN), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("prot", "port"), 1);
    }
}

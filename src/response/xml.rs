//! A strict XML-to-JSON reader for service responses, written out: the subset of XML a
//! response uses (elements, text, character and predefined entity references, CDATA;
//! comments, processing instructions, the declaration and attributes skipped). A general
//! XML library (quick-xml) and its error texts were about a sixth of the client module
//! gzipped, for features a response never uses.
//!
//! Hostile bodies are refused, not survived: no DTD (so no entity can be declared, which
//! rules out billion laughs and external entities), only the five predefined entities and
//! character references, and a nesting limit, checked before an element is opened, so a
//! deep body costs nothing and nothing here recurses. End tags must match the element they
//! close.
//!
//! The shape: an element with child elements becomes an object, a repeated child name an
//! array, an element with only text a string (kept as text: typing is the typed results'
//! job). Attributes are ignored: the service puts nothing in them.

use std::borrow::Cow;

use super::Value;

/// An object's members, in document order.
type Members = Vec<(Cow<'static, str>, Value)>;

/// Far deeper than any service response (they nest four or five levels).
pub const MAX_DEPTH: usize = 64;

/// A document's root element: its name and its content, always an object.
#[derive(Debug)]
pub struct Document {
    pub root: String,
    pub content: Value,
}

/// An element being read.
struct Element {
    name: String,
    children: Members,
    has_children: bool,
    text: String,
}

impl Element {
    fn new(name: String) -> Self {
        Self {
            name,
            children: Vec::new(),
            has_children: false,
            text: String::new(),
        }
    }

    /// Adds a child; a name seen before turns into an array. Element values are only
    /// strings and objects, so an array here always comes from repetition.
    fn add_child(&mut self, name: String, value: Value) {
        self.has_children = true;
        match self.children.iter_mut().find(|(n, _)| *n == name) {
            Some((_, Value::Array(items))) => items.push(value),
            Some((_, existing)) => {
                let first = std::mem::replace(existing, Value::Null);
                *existing = Value::Array(vec![first, value]);
            }
            None => self.children.push((Cow::Owned(name), value)),
        }
    }

    /// An object when it has child elements (text between them is layout), else its text.
    /// Whitespace alone is pretty-printing (`<BackendServers>\n</BackendServers>`): empty.
    fn into_value(self) -> Value {
        if self.has_children {
            Value::Object(self.children)
        } else if self.text.trim().is_empty() {
            Value::String(Cow::Borrowed(""))
        } else {
            Value::String(Cow::Owned(self.text))
        }
    }
}

/// Reads a whole document, or says what is wrong with it.
pub fn read(body: &str) -> Result<Document, String> {
    // Refused before parsing, wherever it is: a response has no use for one and every XML
    // entity attack starts with one.
    if contains_ignore_ascii_case(body, "<!doctype") {
        return Err(if contains_ignore_ascii_case(body, "<!doctype html") {
            "an HTML page, not an API response".to_owned()
        } else {
            "the XML has a DOCTYPE, which is refused (a DTD can declare entities)".to_owned()
        });
    }
    read_checked(body)
}

/// [`read`] without the DOCTYPE scan: the loop refuses one too.
fn read_checked(body: &str) -> Result<Document, String> {
    let mut open: Vec<Element> = Vec::new();
    let mut document: Option<Document> = None;
    let mut at = 0;
    while at < body.len() {
        let rest = &body[at..];
        at = if !rest.starts_with('<') {
            let end = rest.find('<').map_or(body.len(), |i| at + i);
            add_text(&mut open, &unescape(&body[at..end], at)?)?;
            end
        } else if rest.starts_with("<!--") {
            past(body, at + 4, "-->", "a comment")?
        } else if let Some(data) = rest.strip_prefix("<![CDATA[") {
            let end = data
                .find("]]>")
                .ok_or_else(|| malformed(at, "a CDATA section is not closed"))?;
            add_text(&mut open, &data[..end])?;
            at + 9 + end + 3
        } else if rest.starts_with("<?") {
            past(body, at + 2, "?>", "a processing instruction")?
        } else if rest.starts_with("<!") {
            return Err(doctype_or_other(rest, at));
        } else if rest.starts_with("</") {
            end_tag(body, at, &mut open, &mut document)?
        } else {
            start_tag(body, at, &mut open, &mut document)?
        };
    }
    if let Some(element) = open.last() {
        return Err(format!(
            "the XML ends inside <{}> (truncated?)",
            element.name
        ));
    }
    document.ok_or_else(|| "the XML has no root element".to_owned())
}

fn malformed(at: usize, why: &str) -> String {
    format!("not well-formed XML (at byte {at}): {why}")
}

/// `<!` that opens neither a comment nor CDATA: a DOCTYPE (refused), or not XML.
fn doctype_or_other(rest: &str, at: usize) -> String {
    if rest
        .get(2..9)
        .is_some_and(|w| w.eq_ignore_ascii_case("doctype"))
    {
        "the XML has a DOCTYPE, which is refused (a DTD can declare entities)".to_owned()
    } else {
        malformed(at, "markup that is not a comment or CDATA")
    }
}

/// Where `close` ends, searched from `from`; `what` is what it closes, for the error.
fn past(body: &str, from: usize, close: &str, what: &str) -> Result<usize, String> {
    match body[from..].find(close) {
        Some(i) => Ok(from + i + close.len()),
        None => Err(malformed(from, &format!("{what} is not closed"))),
    }
}

/// The `>` that ends the tag opened at `at` (a quoted attribute value may hold one).
fn tag_end(body: &str, at: usize) -> Result<usize, String> {
    let mut quote = None;
    for (i, b) in body.bytes().enumerate().skip(at + 1) {
        match (quote, b) {
            (None, b'>') => return Ok(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'<') => break,
            _ => {}
        }
    }
    Err(malformed(at, "a tag is not closed"))
}

/// `<Name attributes...>` or `<Name .../>` at `at`; the attributes are skipped.
fn start_tag(
    body: &str,
    at: usize,
    open: &mut Vec<Element>,
    document: &mut Option<Document>,
) -> Result<usize, String> {
    let end = tag_end(body, at)?;
    let inner = &body[at + 1..end];
    let (inner, empty) = match inner.strip_suffix('/') {
        Some(inner) => (inner, true),
        None => (inner, false),
    };
    let name = inner
        .split(|c: char| c.is_ascii_whitespace())
        .next()
        .unwrap_or("");
    if name.is_empty() || name.contains(['<', '&', '/', '"', '\'', '=']) {
        return Err(malformed(at, "a tag without a proper name"));
    }
    if open.len() >= MAX_DEPTH {
        return Err(format!("the XML nests deeper than {MAX_DEPTH} elements"));
    }
    if open.is_empty() && document.is_some() {
        return Err("the XML has more than one root element".to_owned());
    }
    let element = Element::new(name.to_owned());
    if empty {
        close(element, open, document)?;
    } else {
        open.push(element);
    }
    Ok(end + 1)
}

/// `</Name>` at `at`, which must close the element open last.
fn end_tag(
    body: &str,
    at: usize,
    open: &mut Vec<Element>,
    document: &mut Option<Document>,
) -> Result<usize, String> {
    let end = body[at..]
        .find('>')
        .map(|i| at + i)
        .ok_or_else(|| malformed(at, "an end tag is not closed"))?;
    let name = body[at + 2..end].trim_end_matches(|c: char| c.is_ascii_whitespace());
    let element = open
        .pop()
        .ok_or_else(|| malformed(at, &format!("</{name}> closes nothing")))?;
    if element.name != name {
        let why = format!("</{name}> where <{}> should close", element.name);
        return Err(malformed(at, &why));
    }
    close(element, open, document)?;
    Ok(end + 1)
}

/// Text with its references resolved: XML's five predefined entities and character
/// references, nothing else. `at`: where the text starts in the body, for errors.
fn unescape(text: &str, at: usize) -> Result<Cow<'_, str>, String> {
    if !text.contains('&') {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(end) = after
            .find(';')
            .filter(|&end| end > 0 && !after[..end].contains(['&', ' ']))
        else {
            let where_ = at + text.len() - rest.len() + amp;
            return Err(malformed(where_, "an & that starts no reference"));
        };
        out.push(reference(&after[..end])?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// The character `&name;` stands for.
fn reference(name: &str) -> Result<char, String> {
    let code = match name.strip_prefix('#') {
        Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
        Some(digits) => digits.parse().ok(),
        None => {
            return match name {
                "lt" => Ok('<'),
                "gt" => Ok('>'),
                "amp" => Ok('&'),
                "quot" => Ok('"'),
                "apos" => Ok('\''),
                _ => Err(format!("the entity &{name}; is refused: only XML's five predefined entities and character references are read")),
            }
        }
    };
    // XML allows no NUL, and of the other C0 controls only tab, newline and return.
    code.filter(|&c| c >= 0x20 || matches!(c, 0x9 | 0xA | 0xD))
        .and_then(char::from_u32)
        .ok_or_else(|| format!("bad reference: &{name}; is not a character XML allows"))
}

/// Closes an element into its parent, or into the document when it is the root.
fn close(
    element: Element,
    open: &mut [Element],
    document: &mut Option<Document>,
) -> Result<(), String> {
    if let Some(parent) = open.last_mut() {
        let name = element.name.clone();
        parent.add_child(name, element.into_value());
        return Ok(());
    }
    let root = element.name.clone();
    let content = match element.into_value() {
        content @ Value::Object(_) => content,
        Value::String(text) if text.is_empty() => Value::Object(Vec::new()),
        _ => return Err(format!("the root element <{root}> holds text, not fields")),
    };
    *document = Some(Document { root, content });
    Ok(())
}

fn add_text(open: &mut [Element], text: &str) -> Result<(), String> {
    match open.last_mut() {
        Some(element) => {
            element.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err("the XML has text outside its root element".to_owned()),
    }
}

/// `needle` must be ASCII lower case.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The content as serde_json's, to compare with `json!`.
    fn content(body: &str) -> serde_json::Value {
        serde_json::from_str(&read(body).unwrap().content.to_json()).unwrap()
    }

    #[test]
    fn elements_become_objects_strings_and_arrays() {
        let doc = read(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R><A>1</A><L><I>x</I><I>y</I><I><K>z</K></I></L><One><I>w</I></One><E/><W>\n  </W></R>",
        )
        .unwrap();
        assert_eq!(doc.root, "R");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&doc.content.to_json()).unwrap(),
            json!({"A": "1", "L": {"I": ["x", "y", {"K": "z"}]}, "One": {"I": "w"}, "E": "", "W": ""})
        );
    }

    #[test]
    fn text_is_kept_as_written_with_predefined_entities_and_char_refs() {
        assert_eq!(
            content("<R><M> a &lt;b&gt; &amp; &quot;c&apos; &#65;&#x42; <![CDATA[<raw>&amp;]]> </M></R>"),
            json!({"M": " a <b> & \"c' AB <raw>&amp; "})
        );
    }

    #[test]
    fn attributes_comments_and_processing_instructions_are_ignored() {
        assert_eq!(
            content("<!-- c --><R xmlns=\"urn:x\"><A k=\"v\">1<!-- c --></A><?pi x?></R>"),
            json!({"A": "1"})
        );
    }

    #[test]
    fn empty_root_is_an_empty_object() {
        assert_eq!(content("<R/>"), json!({}));
        assert_eq!(content("<R> </R>"), json!({}));
    }

    #[test]
    fn refusals() {
        let refused = |body: &str, why: &str| {
            let err = read(body).unwrap_err();
            assert!(err.contains(why), "{body:?}: {err}");
        };
        refused("<R><A>&unknown;</A></R>", "&unknown; is refused");
        refused("<R>&#0;</R>", "bad reference");
        refused("<!DOCTYPE R [<!ENTITY x \"y\">]><R>&x;</R>", "DOCTYPE");
        refused("<R><!doctype r></R>", "DOCTYPE");
        refused("<!DOCTYPE html><html></html>", "HTML page");
        refused("<R><A>1</A>", "ends inside <R>");
        refused("<R><A>1</B></R>", "not well-formed");
        refused("<R/><S/>", "more than one root");
        refused("x<R/>", "outside its root");
        refused("<R/>x", "outside its root");
        refused("<R>text</R>", "holds text");
        refused("", "no root element");
        refused("<R>a & b</R>", "not well-formed");
        refused(&"<a>".repeat(MAX_DEPTH + 1), "deeper than 64");
    }

    /// The loop refuses a DOCTYPE by itself, wherever it is: `read`'s scan is a first line.
    #[test]
    fn the_loop_refuses_a_doctype_too() {
        for body in [
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
            "<r><!doctype r></r>",
        ] {
            let err = read_checked(body).unwrap_err();
            assert!(err.contains("DOCTYPE"), "{err}");
        }
    }

    #[test]
    fn references_comments_and_tags_are_strict() {
        assert_eq!(
            content("<R><A>&#x1F600;&#9;&#65;</A></R>"),
            json!({"A": "\u{1F600}\tA"})
        );
        assert_eq!(
            content("<R a='>'><A b=\"x/>\"/><!-- <B> --><B >1</B ></R>"),
            json!({"A": "", "B": "1"})
        );
        let refused = |body: &str, why: &str| {
            let err = read(body).unwrap_err();
            assert!(err.contains(why), "{body:?}: {err}");
        };
        refused("<R>&#xD800;</R>", "bad reference");
        refused("<R>&#x110000;</R>", "bad reference");
        refused("<R>&#1;</R>", "bad reference");
        refused("<R>&#;</R>", "bad reference");
        refused("<R>&;</R>", "not well-formed");
        refused("<R>&amp</R>", "not well-formed");
        refused("<R><A></R>", "not well-formed");
        refused("</R>", "not well-formed");
        refused("<R><!-- open</R>", "a comment is not closed");
        refused("<R><![CDATA[x</R>", "CDATA section is not closed");
        refused("<R><?pi</R>", "processing instruction is not closed");
        refused("<R><!ELEMENT x></R>", "not well-formed");
        refused("<R><A b=\"></A></R>", "not well-formed");
        refused("< R/>", "not well-formed");
        refused("<R><></R>", "not well-formed");
    }

    #[test]
    fn the_depth_limit_is_exact() {
        let depth = MAX_DEPTH;
        let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert!(read(&body).is_ok());
    }
}

//! A strict XML-to-JSON reader for service responses, on quick-xml's pull parser.
//!
//! Hostile bodies are refused, not survived: no DTD (so no entity can be declared, which
//! rules out billion laughs and external entities), only the five predefined entities and
//! character references, and a nesting limit, checked before an element is opened, so a
//! deep body costs nothing and nothing here recurses.
//!
//! The shape: an element with child elements becomes an object, a repeated child name an
//! array, an element with only text a string (kept as text: typing is the typed results'
//! job). Attributes are ignored: the service puts nothing in them.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
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
    // Refused before parsing, wherever it is: quick-xml would only skip a DTD, but a
    // response has no use for one and every XML entity attack starts with one.
    if contains_ignore_ascii_case(body, "<!doctype") {
        return Err(if contains_ignore_ascii_case(body, "<!doctype html") {
            "an HTML page, not an API response".to_owned()
        } else {
            "the XML has a DOCTYPE, which is refused (a DTD can declare entities)".to_owned()
        });
    }
    read_checked(body)
}

/// [`read`] without the DOCTYPE scan: the event loop refuses one too.
fn read_checked(body: &str) -> Result<Document, String> {
    let mut reader = Reader::from_str(body);
    let mut open: Vec<Element> = Vec::new();
    let mut document: Option<Document> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML (at byte {}): {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(start) => {
                let name = start_element(&start, &open, &document)?;
                open.push(Element::new(name));
            }
            Event::Empty(start) => {
                let name = start_element(&start, &open, &document)?;
                close(Element::new(name), &mut open, &mut document)?;
            }
            Event::End(_) => {
                // quick-xml has checked that the end tag matches the open element.
                let element = open
                    .pop()
                    .ok_or_else(|| "an end tag without a start tag".to_owned())?;
                close(element, &mut open, &mut document)?;
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|e| format!("bad text: {e}"))?;
                add_text(&mut open, &text)?;
            }
            Event::CData(data) => {
                let data = data.decode().map_err(|e| format!("bad CDATA: {e}"))?;
                add_text(&mut open, &data)?;
            }
            Event::GeneralRef(reference) => {
                let bad = |e: &dyn std::fmt::Display| format!("bad reference: {e}");
                if let Some(ch) = reference.resolve_char_ref().map_err(|e| bad(&e))? {
                    add_text(&mut open, ch.encode_utf8(&mut [0; 4]))?;
                } else {
                    let name = reference.decode().map_err(|e| bad(&e))?;
                    let Some(text) = resolve_predefined_entity(&name) else {
                        return Err(format!(
                            "the entity &{name}; is refused: only XML's five predefined entities and character references are read"
                        ));
                    };
                    add_text(&mut open, text)?;
                }
            }
            Event::DocType(_) => {
                return Err(
                    "the XML has a DOCTYPE, which is refused (a DTD can declare entities)"
                        .to_owned(),
                )
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(element) = open.last() {
        return Err(format!(
            "the XML ends inside <{}> (truncated?)",
            element.name
        ));
    }
    document.ok_or_else(|| "the XML has no root element".to_owned())
}

/// The name of an element about to open, once it may: within the depth limit, and not a
/// second root.
fn start_element(
    start: &BytesStart<'_>,
    open: &[Element],
    document: &Option<Document>,
) -> Result<String, String> {
    if open.len() >= MAX_DEPTH {
        return Err(format!("the XML nests deeper than {MAX_DEPTH} elements"));
    }
    if open.is_empty() && document.is_some() {
        return Err("the XML has more than one root element".to_owned());
    }
    let name = std::str::from_utf8(start.name().into_inner())
        .map_err(|e| format!("bad element name: {e}"))?;
    Ok(name.to_owned())
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

    /// What quick-xml itself does with a DTD, which `read` relies on only as a second line:
    /// it reports the DOCTYPE as one event and never expands what it declares.
    #[test]
    fn quick_xml_neither_reads_nor_expands_a_dtd() {
        let body = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        let mut reader = Reader::from_str(body);
        let mut events = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                event => events.push(format!("{event:?}")),
            }
        }
        assert_eq!(events.len(), 4, "{events:?}");
        assert!(events[0].starts_with("DocType("), "{events:?}");
        assert!(
            events[2].contains("GeneralRef") && events[2].contains("\"x\""),
            "{events:?}"
        );
        let err = read_checked(body).unwrap_err();
        assert!(err.contains("DOCTYPE"), "{err}");
    }

    #[test]
    fn the_depth_limit_is_exact() {
        let depth = MAX_DEPTH;
        let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert!(read(&body).is_ok());
    }
}

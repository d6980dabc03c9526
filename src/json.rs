//! The crate's one JSON reader and writer: for the signing path, and for responses and what
//! the client module answers.
//!
//! Written out rather than with `serde_json`: the signer reads three small documents per
//! call and writes one JSON string. Keeping serde's derive, error-formatting and float code
//! out took the web signing module from 101 KB to 57 KB gzipped, at about the same speed
//! (strings without escapes are borrowed). It accepts exactly what
//! `serde_json` accepts (a property test compares the two on arbitrary documents).
//! Responses are read with it too ([`Value::into_owned`] keeps them past their body), and
//! [`write()`] and [`Members`] write what goes back to JS: one JSON stack, not serde_json's
//! code beside it in the client module.

use std::borrow::Cow;
use std::fmt;

/// A parsed document, borrowing from its text where it can.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text, checked against the JSON grammar (finite as an `f64`).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    /// Members in document order; a repeated name is kept (lookups take the last, as
    /// `JSON.parse` does).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The member `name` of an object (the last one when it is repeated).
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        match self {
            Self::Object(members) => members
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number's value.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(text) => Some(number_value(text)),
            _ => None,
        }
    }

    /// A whole number written without sign, point or exponent, that fits (what
    /// `serde_json`'s `as_u64` answers: `5` is one, `5.0` and `5e0` are not).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(text) if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The same value owning its text, to outlive the document it was read from.
    pub fn into_owned(self) -> Value<'static> {
        let own = |text: Cow<'a, str>| Cow::Owned(text.into_owned());
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(b),
            Self::Number(text) => Value::Number(own(text)),
            Self::String(text) => Value::String(own(text)),
            Self::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Self::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(name, value)| (own(name), value.into_owned()))
                    .collect(),
            ),
        }
    }

    /// The value as JSON text (see [`write()`]).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write(&mut out, self);
        out
    }

    /// How the value's type is named in messages: `a string`, `an array`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(text: &'a str) -> Self {
        Self::String(Cow::Borrowed(text))
    }
}

impl From<String> for Value<'_> {
    fn from(text: String) -> Self {
        Self::String(Cow::Owned(text))
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<u32> for Value<'_> {
    fn from(n: u32) -> Self {
        Self::Number(Cow::Owned(n.to_string()))
    }
}

impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Self::Number(Cow::Owned(n.to_string()))
    }
}

impl<'a> From<Vec<Value<'a>>> for Value<'a> {
    fn from(items: Vec<Value<'a>>) -> Self {
        Self::Array(items)
    }
}

/// An object built member by member, in order; absent optional members are left out.
#[derive(Default)]
pub struct Members<'a>(Vec<(Cow<'a, str>, Value<'a>)>);

impl<'a> Members<'a> {
    pub fn with(mut self, name: &'a str, value: impl Into<Value<'a>>) -> Self {
        self.0.push((Cow::Borrowed(name), value.into()));
        self
    }

    pub fn with_some<T: Into<Value<'a>>>(self, name: &'a str, value: Option<T>) -> Self {
        match value {
            Some(value) => self.with(name, value),
            None => self,
        }
    }
}

impl<'a> From<Members<'a>> for Value<'a> {
    fn from(members: Members<'a>) -> Self {
        Self::Object(members.0)
    }
}

/// Why a text is not JSON, and where (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::from(self.message);
        text.push_str(" at line ");
        push_decimal(&mut text, self.line);
        text.push_str(" column ");
        push_decimal(&mut text, self.column);
        f.write_str(&text)
    }
}

/// Appends the decimal digits of `n`, without the formatting machinery (dividing by the
/// constant 10 only, which compiles to a multiplication).
pub(crate) fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// The bytes that end a run of plain string content.
const STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    table
};

/// As deep as `serde_json` reads: deeper documents are refused rather than overflowing
/// the stack (which would abort a WebAssembly instance).
const MAX_DEPTH: usize = 128;

/// Parses one JSON document (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value<'_>, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &'static str) -> ParseError {
        let before = &self.text[..floor_char_boundary(self.text, self.at)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        ParseError {
            message,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.at).copied()
    }

    fn value(&mut self) -> Result<Value<'a>, ParseError> {
        let Some(b) = self.peek() else {
            return Err(self.error("EOF while parsing a value"));
        };
        match b {
            b'"' => self.string().map(Value::String),
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error("recursion limit exceeded"));
                }
                self.at += 1;
                let value = if b == b'{' {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                value
            }
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.error("expected value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, ParseError> {
        for &expected in word.as_bytes() {
            match self.bytes.get(self.at) {
                None => return Err(self.error("EOF while parsing a value")),
                Some(&b) if b == expected => self.at += 1,
                Some(_) => return Err(self.error("expected ident")),
            }
        }
        Ok(value)
    }

    fn array(&mut self) -> Result<Value<'a>, ParseError> {
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("EOF while parsing a list")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Value<'a>, ParseError> {
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("key must be a string")),
            }
            let name = self.string()?;
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `:`")),
            }
            members.push((name, self.value()?));
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// A string at `"`: borrowed when it holds no escape.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        self.at += 1;
        let start = self.at;
        self.skip_plain();
        if self.bytes.get(self.at) == Some(&b'"') {
            self.at += 1;
            return Ok(Cow::Borrowed(&self.text[start..self.at - 1]));
        }
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(&self.text[start..self.at]);
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
            let run = self.at;
            self.skip_plain();
            out.push_str(&self.text[run..self.at]);
        }
    }

    /// Moves past the bytes a string holds as they are, up to a `"`, `\`, control character
    /// or the end.
    fn skip_plain(&mut self) {
        let rest = &self.bytes[self.at..];
        self.at += rest
            .iter()
            .position(|&b| STRING_STOP[usize::from(b)])
            .unwrap_or(rest.len());
    }

    /// The escape after a `\`.
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(&b) = self.bytes.get(self.at) else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                            return Err(self.error("lone leading surrogate in hex escape"));
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("lone leading surrogate in hex escape"));
                        }
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(code).unwrap_or('\u{FFFD}')
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.error("lone leading surrogate in hex escape"))
                    }
                    // Not a surrogate: always a char.
                    _ => char::from_u32(unit).unwrap_or('\u{FFFD}'),
                }
            }
            _ => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut unit = 0;
        for _ in 0..4 {
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(self.error("EOF while parsing a string"));
            };
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.error("invalid escape")),
            };
            unit = unit * 16 + u32::from(digit);
            self.at += 1;
        }
        Ok(unit)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, finite as an `f64`.
    fn number(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.at;
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.bytes.get(self.at) {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            None => return Err(self.error("EOF while parsing a value")),
            Some(_) => return Err(self.error("invalid number")),
        }
        let mut plain = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            self.required_digits()?;
            plain = false;
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            self.required_digits()?;
            plain = false;
        }
        let text = &self.text[start..self.at];
        if (!plain || text.len() > 15) && !number_value(text).is_finite() {
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(Cow::Borrowed(text)))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), ParseError> {
        match self.bytes.get(self.at) {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            None => Err(self.error("EOF while parsing a value")),
            Some(_) => Err(self.error("invalid number")),
        }
    }
}

/// A checked number text's value, without the standard library's float parser (its
/// tables were about a fifth of the signing module). Exact for integers up to 2^53 and for
/// decimals of up to 15 significant digits scaled by at most 10^22 (one correctly rounded
/// operation); otherwise within a few units in the last place, and numbers at the very
/// edge of the f64 range may count as out of range where `serde_json` rounds them to
/// `f64::MAX`. Numbers here are ports and weights: a value that needs more is invalid.
fn number_value(text: &str) -> f64 {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, ""),
    };
    // The significant digits as an integer, and the power of ten that scales it.
    let mut mantissa: u64 = 0;
    let mut scale: i64 = 0;
    let mut seen_point = false;
    for b in digits.bytes() {
        match b {
            b'.' => seen_point = true,
            _ if mantissa < 1_000_000_000_000_000_000 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                scale -= i64::from(seen_point);
            }
            // Digits past the 19th only move the point.
            _ => scale += i64::from(!seen_point),
        }
    }
    let exponent_value = exponent
        .trim_start_matches('+')
        .strip_prefix('-')
        .map_or_else(
            || decimal(exponent.trim_start_matches('+')),
            |e| -decimal(e),
        );
    let value = scale_by_power_of_ten(mantissa as f64, scale.saturating_add(exponent_value));
    if negative {
        -value
    } else {
        value
    }
}

/// Digits as an integer, saturating (exponents beyond any f64 only need to stay large).
fn decimal(digits: &str) -> i64 {
    digits.bytes().fold(0i64, |n, b| {
        n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    })
}

/// `value * 10^power`: exact powers of ten up to 10^22, then repeated steps.
fn scale_by_power_of_ten(mut value: f64, mut power: i64) -> f64 {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    if value == 0.0 {
        return 0.0;
    }
    while power > 22 {
        value *= 1e22;
        power -= 22;
        if value.is_infinite() {
            return value;
        }
    }
    while power < -22 {
        value /= 1e22;
        power += 22;
        if value == 0.0 {
            return value;
        }
    }
    if power >= 0 {
        value * EXACT[power as usize]
    } else {
        value / EXACT[(-power) as usize]
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Appends `value` as JSON: strings escaped as [`write_string`] does, numbers as their
/// text, members in order (a repeated name is written again: `JSON.parse` keeps the last).
pub fn write(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(text) => out.push_str(text),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (name, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                write(out, item);
            }
            out.push('}');
        }
    }
}

/// Appends `text` as a JSON string, escaped as `serde_json` and `JSON.stringify` do:
/// `"` and `\`, and control characters (`\n`-style where one exists, else `\u00XX`).
pub fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_documents() {
        let value = parse(
            r#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00", "a": {}} "#,
        )
        .unwrap();
        assert_eq!(value.get("a"), Some(&Value::Object(vec![])));
        assert_eq!(value.get("b").and_then(Value::as_str), Some("x\"é😀"));
        let Value::Object(members) = &value else {
            panic!("{value:?}")
        };
        assert_eq!(members.len(), 3);
        assert_eq!(
            members[0].1,
            Value::Array(vec![
                Value::Number("1".into()),
                Value::Number("-2.5e3".into()),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ])
        );
        assert_eq!(members[0].1.kind(), "an array");
        for (text, value) in [
            ("-2.5e3", -2500.0),
            ("-0", -0.0),
            ("80", 80.0),
            ("80.0", 80.0),
            ("8e1", 80.0),
            ("800E-1", 80.0),
            ("0.5", 0.5),
            ("12345.678", 12345.678),
            ("0.1", 0.1),
            ("9007199254740993", 9007199254740992.0),
            ("1e22", 1e22),
            ("1e-300", 1e-300),
            ("0e999", 0.0),
        ] {
            assert_eq!(Value::Number(text.into()).as_f64(), Some(value), "{text}");
        }
        // Strings without escapes are borrowed.
        assert!(matches!(
            parse(r#""plain""#).unwrap(),
            Value::String(Cow::Borrowed("plain"))
        ));
    }

    #[test]
    fn says_where_text_is_broken() {
        assert_eq!(error(""), "EOF while parsing a value at line 1 column 1");
        assert_eq!(error("{\n  \"a\" 1}"), "expected `:` at line 2 column 7");
        assert_eq!(error("[1,]"), "expected value at line 1 column 4");
        assert_eq!(error("[1 2]"), "expected `,` or `]` at line 1 column 4");
        assert_eq!(
            error("{\"é\":1,}"),
            "key must be a string at line 1 column 8"
        );
        assert_eq!(error("01"), "invalid number at line 1 column 2");
        assert_eq!(error("1."), "EOF while parsing a value at line 1 column 3");
        assert_eq!(error("1e400"), "number out of range at line 1 column 6");
        assert_eq!(
            error("\"\\ud800\""),
            "lone leading surrogate in hex escape at line 1 column 8"
        );
        assert_eq!(error("\"\\x\""), "invalid escape at line 1 column 4");
        assert_eq!(
            error("\"a\nb\""),
            "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"
        );
        assert_eq!(error("tru"), "EOF while parsing a value at line 1 column 4");
        assert_eq!(error("nul1"), "expected ident at line 1 column 4");
        assert_eq!(error("{} x"), "trailing characters at line 1 column 4");
        assert_eq!(
            error(&"[".repeat(129)),
            "recursion limit exceeded at line 1 column 129"
        );
        assert!(parse(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
    }

    #[test]
    fn writes_strings_as_json_stringify_does() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}/é😀\u{7f}");
        assert_eq!(
            out,
            "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f/é😀\u{7f}\""
        );
        let back = parse(&out).unwrap();
        assert_eq!(
            back.as_str(),
            Some("a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}/é😀\u{7f}")
        );
    }
}

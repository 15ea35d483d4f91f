//! A small, defensive [XML-RPC](http://xmlrpc.com/spec.md) codec on `quick-xml`,
//! enough for [Pingback 1.0](http://www.hixie.ch/specs/pingback/pingback)
//! (`pingback.ping`) and simple MetaWeblog-style calls.
//!
//! Parsing is hostile-input safe:
//!
//! * bodies larger than [`MAX_BODY`] bytes are refused before any parsing;
//! * the body must be UTF-8 (an optional UTF-8 BOM is skipped; an XML declaration
//!   naming another encoding is refused unless the body is plain ASCII);
//! * any `<!DOCTYPE …>` is refused outright, so no entity can be declared and
//!   nothing is ever expanded (no "billion laughs", no external entities);
//!   only the five predefined entities and numeric character references are
//!   decoded;
//! * arrays and structs may nest at most [`MAX_DEPTH`] levels and a document
//!   may hold at most [`MAX_VALUES`] `<value>` elements.
//!
//! Writing ([`response`], [`fault`], [`call`]) escapes all text and replaces
//! characters XML 1.0 cannot carry with U+FFFD, so the output is always
//! well-formed.
//!
//! Extensions beyond the 1999 spec: `<i8>` (64-bit integers) and `<nil/>` are
//! read and written, as by Apache XML-RPC, Python and `dxr`; namespace prefixes
//! on element names (`<ex:nil/>`) are ignored.

use std::borrow::Cow;
use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// Largest accepted request or response body, in bytes (1 MiB).
pub const MAX_BODY: usize = 1024 * 1024;
/// Deepest accepted nesting of arrays and structs.
pub const MAX_DEPTH: usize = 32;
/// Largest accepted number of `<value>` elements in one document.
pub const MAX_VALUES: usize = 10_000;
/// Deepest element nesting: the envelope plus three elements per array/struct level.
const MAX_ELEMENT_DEPTH: usize = 3 * MAX_DEPTH + 6;

/// Pingback generic fault ([Pingback 1.0, error codes](http://www.hixie.ch/specs/pingback/pingback#TOC3)).
pub const FAULT_GENERIC: i32 = 0;
/// Pingback fault 0x10: the source URI does not exist.
pub const SOURCE_NOT_FOUND: i32 = 0x10;
/// Pingback fault 0x11: the source URI does not contain a link to the target URI.
pub const SOURCE_NO_LINK: i32 = 0x11;
/// Pingback fault 0x20: the specified target URI does not exist.
pub const TARGET_NOT_FOUND: i32 = 0x20;
/// Pingback fault 0x21: the specified target URI cannot be used as a target.
pub const TARGET_NOT_PINGABLE: i32 = 0x21;
/// Pingback fault 0x30: the pingback has already been registered.
pub const ALREADY_REGISTERED: i32 = 0x30;
/// Pingback fault 0x31: access denied.
pub const ACCESS_DENIED: i32 = 0x31;
/// Pingback fault 0x32: the server could not communicate with an upstream server.
pub const UPSTREAM_ERROR: i32 = 0x32;

/// XML-RPC fault: parse error, not well formed
/// ([fault code interoperability](http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php)).
pub const PARSE_ERROR: i32 = -32700;
/// XML-RPC fault: unsupported encoding.
pub const UNSUPPORTED_ENCODING: i32 = -32701;
/// XML-RPC fault: server error, invalid XML-RPC (not conforming to the spec).
pub const INVALID_REQUEST: i32 = -32600;
/// XML-RPC fault: requested method not found.
pub const METHOD_NOT_FOUND: i32 = -32601;
/// XML-RPC fault: invalid method parameters.
pub const INVALID_PARAMS: i32 = -32602;

/// One XML-RPC value ([XML-RPC, "Scalar values", "struct", "array"](http://xmlrpc.com/spec.md)).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `<i4>`, `<int>` or the `<i8>` extension.
    Int(i64),
    /// `<boolean>`: `0` or `1`.
    Bool(bool),
    /// `<string>`, or a `<value>` without a type element.
    String(String),
    /// `<double>`; only finite numbers are accepted.
    Double(f64),
    /// `<dateTime.iso8601>`, kept verbatim (trimmed): clients disagree on the format.
    DateTime(String),
    /// `<base64>`, decoded.
    Base64(Vec<u8>),
    /// `<array><data>…</data></array>`.
    Array(Vec<Value>),
    /// `<struct>` members in document order.
    Struct(Vec<(String, Value)>),
    /// The `<nil/>` extension.
    Nil,
}

impl Value {
    /// The string, if this is a [`Value::String`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is a [`Value::Int`].
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The first member called `name`, if this is a [`Value::Struct`].
    pub fn member(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct(members) => members.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A decoded `<methodCall>` ([XML-RPC, "Request example"](http://xmlrpc.com/spec.md)).
#[derive(Debug, Clone, PartialEq)]
pub struct MethodCall {
    /// The trimmed `<methodName>`, e.g. `pingback.ping`.
    pub method: String,
    /// The `<param>` values in order (empty when `<params>` is absent).
    pub params: Vec<Value>,
}

/// A fault returned by a server ([XML-RPC, "Fault example"](http://xmlrpc.com/spec.md)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `faultCode`, e.g. [`SOURCE_NO_LINK`].
    pub code: i32,
    /// `faultString`.
    pub message: String,
}

/// A decoded `<methodResponse>` ([XML-RPC, "Response example"](http://xmlrpc.com/spec.md)).
#[derive(Debug, Clone, PartialEq)]
pub enum MethodResponse {
    /// The single returned value.
    Success(Value),
    /// A fault.
    Fault(Fault),
}

/// Why an XML-RPC document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlRpcError {
    /// The body is larger than [`MAX_BODY`].
    #[error("body is larger than {MAX_BODY} bytes")]
    TooLarge,
    /// The body is not valid UTF-8.
    #[error("body is not valid UTF-8")]
    NotUtf8,
    /// The XML declaration names an encoding other than UTF-8 and the body is not ASCII.
    #[error("unsupported encoding {0:?}: only UTF-8 is accepted")]
    UnsupportedEncoding(String),
    /// The document contains a document type declaration.
    #[error("DOCTYPE is not allowed")]
    Doctype,
    /// An entity reference other than the five predefined ones.
    #[error("unknown entity &{0};")]
    UnknownEntity(String),
    /// Arrays/structs (or elements) nest too deeply.
    #[error("nesting is deeper than {MAX_DEPTH} levels")]
    TooDeep,
    /// More than [`MAX_VALUES`] values.
    #[error("more than {MAX_VALUES} values")]
    TooManyValues,
    /// The document is not well-formed XML (including truncated documents).
    #[error("malformed XML: {0}")]
    Malformed(String),
    /// Well-formed XML that is not valid XML-RPC.
    #[error("invalid XML-RPC: {0}")]
    Invalid(String),
}

impl XmlRpcError {
    /// The fault code to answer with: [`UNSUPPORTED_ENCODING`] for encoding
    /// problems, [`INVALID_REQUEST`] for invalid XML-RPC, else [`PARSE_ERROR`].
    pub fn fault_code(&self) -> i32 {
        match self {
            XmlRpcError::NotUtf8 | XmlRpcError::UnsupportedEncoding(_) => UNSUPPORTED_ENCODING,
            XmlRpcError::Invalid(_) => INVALID_REQUEST,
            _ => PARSE_ERROR,
        }
    }

    /// A complete fault response for this error (see [`fault`]).
    pub fn to_fault(&self) -> String {
        fault(self.fault_code(), &self.to_string())
    }
}

// ---------------------------------------------------------------------------
// Parsing: a tiny element tree first, then the XML-RPC structure on top.
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Elem {
    name: String,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Elem(Elem),
    Text(String),
}

impl Elem {
    fn elements(&self) -> impl Iterator<Item = &Elem> {
        self.children.iter().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                out.push_str(t);
            }
        }
        out
    }

    fn has_non_space_text(&self) -> bool {
        self.children
            .iter()
            .any(|n| matches!(n, Node::Text(t) if !is_xml_space(t)))
    }

    /// Child elements, refusing any non-whitespace text between them.
    fn element_children(&self) -> Result<Vec<&Elem>, XmlRpcError> {
        if self.has_non_space_text() {
            return Err(invalid(format!("unexpected text in <{}>", self.name)));
        }
        Ok(self.elements().collect())
    }

    /// Text-only content: refuses child elements.
    fn text_only(&self) -> Result<String, XmlRpcError> {
        if let Some(child) = self.elements().next() {
            return Err(invalid(format!(
                "unexpected <{}> in <{}>",
                child.name, self.name
            )));
        }
        Ok(self.text())
    }
}

fn is_xml_space(s: &str) -> bool {
    s.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

fn invalid(msg: impl Into<String>) -> XmlRpcError {
    XmlRpcError::Invalid(msg.into())
}

fn malformed(err: impl std::fmt::Display) -> XmlRpcError {
    XmlRpcError::Malformed(err.to_string())
}

fn local_name(start: &BytesStart<'_>) -> Result<String, XmlRpcError> {
    let name = start.local_name();
    std::str::from_utf8(name.as_ref())
        .map(str::to_owned)
        .map_err(|_| XmlRpcError::NotUtf8)
}

/// Checks the attribute syntax (values are never used, nor unescaped).
fn check_attributes(start: &BytesStart<'_>) -> Result<(), XmlRpcError> {
    for attr in start.attributes() {
        attr.map_err(malformed)?;
    }
    Ok(())
}

/// Characters allowed by XML 1.0 production `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

pub(crate) fn resolve_ref(r: &BytesRef<'_>) -> Result<char, XmlRpcError> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => Ok(c),
            Ok(_) => Err(malformed(
                "character reference to a character XML does not allow",
            )),
            Err(e) => Err(malformed(e)),
        };
    }
    let name = r.decode().map_err(|_| XmlRpcError::NotUtf8)?;
    match name.as_ref() {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => Err(XmlRpcError::UnknownEntity(other.to_owned())),
    }
}

/// Checks size, encoding and BOM; returns the text to parse.
fn prepare(body: &[u8]) -> Result<&str, XmlRpcError> {
    if body.len() > MAX_BODY {
        return Err(XmlRpcError::TooLarge);
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|_| XmlRpcError::NotUtf8)?;
    Ok(text)
}

fn check_declared_encoding(enc: &[u8], text: &str) -> Result<(), XmlRpcError> {
    let enc = String::from_utf8_lossy(enc).trim().to_ascii_lowercase();
    let ok = matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii");
    if ok || text.is_ascii() {
        Ok(())
    } else {
        Err(XmlRpcError::UnsupportedEncoding(enc))
    }
}

fn push_text(stack: &mut [Elem], text: &str) -> Result<(), XmlRpcError> {
    let Some(top) = stack.last_mut() else {
        return if is_xml_space(text) {
            Ok(())
        } else {
            Err(malformed("text outside the root element"))
        };
    };
    match top.children.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => top.children.push(Node::Text(text.to_owned())),
    }
    Ok(())
}

fn close(stack: &mut [Elem], root: &mut Option<Elem>, elem: Elem) -> Result<(), XmlRpcError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Elem(elem)),
        None if root.is_none() => *root = Some(elem),
        None => return Err(malformed("more than one root element")),
    }
    Ok(())
}

fn open(stack: &[Elem], values: &mut usize, start: &BytesStart<'_>) -> Result<Elem, XmlRpcError> {
    if stack.len() >= MAX_ELEMENT_DEPTH {
        return Err(XmlRpcError::TooDeep);
    }
    check_attributes(start)?;
    let name = local_name(start)?;
    if name == "value" {
        *values += 1;
        if *values > MAX_VALUES {
            return Err(XmlRpcError::TooManyValues);
        }
    }
    Ok(Elem {
        name,
        children: Vec::new(),
    })
}

/// Parses a whole document into an element tree, enforcing all limits.
fn parse_tree(body: &[u8]) -> Result<Elem, XmlRpcError> {
    let text = prepare(body)?;
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.allow_dangling_amp = false;
    config.allow_unmatched_ends = false;

    let mut stack: Vec<Elem> = Vec::new();
    let mut root: Option<Elem> = None;
    let mut values = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| match e {
            quick_xml::Error::Encoding(_) => XmlRpcError::NotUtf8,
            other => malformed(other),
        })?;
        match event {
            Event::DocType(_) => return Err(XmlRpcError::Doctype),
            Event::Decl(decl) => {
                if let Some(enc) = decl.encoding() {
                    let enc = enc.map_err(malformed)?;
                    check_declared_encoding(&enc, text)?;
                }
            }
            Event::Start(start) => {
                if root.is_some() && stack.is_empty() {
                    return Err(malformed("more than one root element"));
                }
                let elem = open(&stack, &mut values, &start)?;
                stack.push(elem);
            }
            Event::Empty(start) => {
                if root.is_some() && stack.is_empty() {
                    return Err(malformed("more than one root element"));
                }
                let elem = open(&stack, &mut values, &start)?;
                close(&mut stack, &mut root, elem)?;
            }
            Event::End(_) => {
                let elem = stack
                    .pop()
                    .ok_or_else(|| malformed("end tag without start tag"))?;
                close(&mut stack, &mut root, elem)?;
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|_| XmlRpcError::NotUtf8)?;
                push_text(&mut stack, &t)?;
            }
            Event::CData(c) => {
                if stack.is_empty() {
                    return Err(malformed("CDATA outside the root element"));
                }
                let c = c.xml10_content().map_err(|_| XmlRpcError::NotUtf8)?;
                push_text(&mut stack, &c)?;
            }
            Event::GeneralRef(r) => {
                let c = resolve_ref(&r)?;
                if stack.is_empty() {
                    return Err(malformed("reference outside the root element"));
                }
                let mut buf = [0u8; 4];
                push_text(&mut stack, c.encode_utf8(&mut buf))?;
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(malformed(format!(
            "document ends inside <{}> (truncated)",
            open.name
        )));
    }
    root.ok_or_else(|| malformed("no root element"))
}

fn parse_value(value: &Elem, depth: usize) -> Result<Value, XmlRpcError> {
    let children = if value.elements().next().is_none() {
        // Untyped: the text is a string, whitespace and all.
        return Ok(Value::String(value.text()));
    } else {
        value.element_children()?
    };
    let [typed] = children.as_slice() else {
        return Err(invalid("<value> holds more than one element"));
    };
    let number = |t: &Elem| -> Result<String, XmlRpcError> { Ok(t.text_only()?.trim().to_owned()) };
    match typed.name.as_str() {
        "i4" | "int" | "i8" => {
            let n = number(typed)?;
            n.parse::<i64>()
                .map(Value::Int)
                .map_err(|_| invalid(format!("bad integer {n:?}")))
        }
        "boolean" => match number(typed)?.as_str() {
            "1" | "true" => Ok(Value::Bool(true)),
            "0" | "false" => Ok(Value::Bool(false)),
            other => Err(invalid(format!("bad boolean {other:?}"))),
        },
        "string" => Ok(Value::String(typed.text_only()?)),
        "double" => {
            let n = number(typed)?;
            match n.parse::<f64>() {
                Ok(d) if d.is_finite() => Ok(Value::Double(d)),
                _ => Err(invalid(format!("bad double {n:?}"))),
            }
        }
        "dateTime.iso8601" => Ok(Value::DateTime(number(typed)?)),
        "base64" => base64_decode(&typed.text_only()?)
            .map(Value::Base64)
            .ok_or_else(|| invalid("bad base64")),
        "nil" => {
            typed.text_only()?;
            Ok(Value::Nil)
        }
        "array" => {
            if depth >= MAX_DEPTH {
                return Err(XmlRpcError::TooDeep);
            }
            let inner = typed.element_children()?;
            let [data] = inner.as_slice() else {
                return Err(invalid("<array> must hold exactly one <data>"));
            };
            if data.name != "data" {
                return Err(invalid(format!("unexpected <{}> in <array>", data.name)));
            }
            let mut items = Vec::new();
            for item in data.element_children()? {
                if item.name != "value" {
                    return Err(invalid(format!("unexpected <{}> in <data>", item.name)));
                }
                items.push(parse_value(item, depth + 1)?);
            }
            Ok(Value::Array(items))
        }
        "struct" => {
            if depth >= MAX_DEPTH {
                return Err(XmlRpcError::TooDeep);
            }
            let mut members = Vec::new();
            for member in typed.element_children()? {
                if member.name != "member" {
                    return Err(invalid(format!("unexpected <{}> in <struct>", member.name)));
                }
                let mut name = None;
                let mut val = None;
                for part in member.element_children()? {
                    match part.name.as_str() {
                        "name" if name.is_none() => name = Some(part.text_only()?),
                        "value" if val.is_none() => val = Some(parse_value(part, depth + 1)?),
                        other => {
                            return Err(invalid(format!("unexpected <{other}> in <member>")));
                        }
                    }
                }
                match (name, val) {
                    (Some(n), Some(v)) => members.push((n, v)),
                    _ => return Err(invalid("<member> needs one <name> and one <value>")),
                }
            }
            Ok(Value::Struct(members))
        }
        other => Err(invalid(format!("unknown value type <{other}>"))),
    }
}

/// The single `<value>` inside a `<param>` (or `<fault>`).
fn single_value(parent: &Elem, depth: usize) -> Result<Value, XmlRpcError> {
    let children = parent.element_children()?;
    match children.as_slice() {
        [v] if v.name == "value" => parse_value(v, depth),
        _ => Err(invalid(format!(
            "<{}> must hold exactly one <value>",
            parent.name
        ))),
    }
}

fn parse_params(params: &Elem) -> Result<Vec<Value>, XmlRpcError> {
    params
        .element_children()?
        .into_iter()
        .map(|p| {
            if p.name == "param" {
                single_value(p, 0)
            } else {
                Err(invalid(format!("unexpected <{}> in <params>", p.name)))
            }
        })
        .collect()
}

/// Parses an XML-RPC `<methodCall>` request body
/// ([XML-RPC, "Request example"](http://xmlrpc.com/spec.md); used by
/// [Pingback 1.0 `pingback.ping`](http://www.hixie.ch/specs/pingback/pingback#TOC3)).
///
/// A `<value>` without a type element is a string. Limits and refusals are
/// described in the [module documentation](self); on error answer with
/// [`XmlRpcError::to_fault`].
pub fn parse_call(body: &[u8]) -> Result<MethodCall, XmlRpcError> {
    let root = parse_tree(body)?;
    if root.name != "methodCall" {
        return Err(invalid(format!(
            "root element is <{}>, not <methodCall>",
            root.name
        )));
    }
    let mut method = None;
    let mut params = None;
    for child in root.element_children()? {
        match child.name.as_str() {
            "methodName" if method.is_none() => method = Some(child.text_only()?.trim().to_owned()),
            "params" if params.is_none() => params = Some(parse_params(child)?),
            other => return Err(invalid(format!("unexpected <{other}> in <methodCall>"))),
        }
    }
    let method = method
        .filter(|m| !m.is_empty())
        .ok_or_else(|| invalid("missing <methodName>"))?;
    Ok(MethodCall {
        method,
        params: params.unwrap_or_default(),
    })
}

/// Parses an XML-RPC `<methodResponse>` body: one returned value or a fault
/// ([XML-RPC, "Response example" and "Fault example"](http://xmlrpc.com/spec.md)).
///
/// Used when sending pingbacks, and to read back our own [`response`]/[`fault`].
pub fn parse_response(body: &[u8]) -> Result<MethodResponse, XmlRpcError> {
    let root = parse_tree(body)?;
    if root.name != "methodResponse" {
        return Err(invalid(format!(
            "root element is <{}>, not <methodResponse>",
            root.name
        )));
    }
    let children = root.element_children()?;
    let [child] = children.as_slice() else {
        return Err(invalid("<methodResponse> must hold <params> or <fault>"));
    };
    match child.name.as_str() {
        "params" => {
            let mut values = parse_params(child)?;
            if values.len() != 1 {
                return Err(invalid(
                    "<params> of a response must hold exactly one <param>",
                ));
            }
            Ok(MethodResponse::Success(values.remove(0)))
        }
        "fault" => {
            let value = single_value(child, 0)?;
            let code = value
                .member("faultCode")
                .and_then(Value::as_i64)
                .and_then(|c| i32::try_from(c).ok())
                .ok_or_else(|| invalid("fault without an integer faultCode"))?;
            let message = value
                .member("faultString")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid("fault without a faultString"))?
                .to_owned();
            Ok(MethodResponse::Fault(Fault { code, message }))
        }
        other => Err(invalid(format!("unexpected <{other}> in <methodResponse>"))),
    }
}

// ---------------------------------------------------------------------------
// Writing.
// ---------------------------------------------------------------------------

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Escapes text for XML element content and attribute values; characters XML 1.0
/// cannot carry become U+FFFD and `\r` becomes `&#13;` so it survives parsing.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    let needs = text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r') || !is_xml_char(c));
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

fn write_value(out: &mut String, value: &Value) {
    out.push_str("<value>");
    match value {
        Value::Int(i) => {
            // `<int>` is 32-bit by the spec; larger numbers use the `<i8>` extension.
            if i32::try_from(*i).is_ok() {
                let _ = write!(out, "<int>{i}</int>");
            } else {
                let _ = write!(out, "<i8>{i}</i8>");
            }
        }
        Value::Bool(b) => {
            let _ = write!(out, "<boolean>{}</boolean>", u8::from(*b));
        }
        Value::String(s) => {
            let _ = write!(out, "<string>{}</string>", escape(s));
        }
        Value::Double(d) => {
            // The spec has no exponent, infinity or NaN; Rust's Display never uses
            // an exponent, and non-finite numbers are written as 0.
            let d = if d.is_finite() { *d } else { 0.0 };
            let _ = write!(out, "<double>{d}</double>");
        }
        Value::DateTime(s) => {
            let _ = write!(out, "<dateTime.iso8601>{}</dateTime.iso8601>", escape(s));
        }
        Value::Base64(bytes) => {
            let _ = write!(out, "<base64>{}</base64>", base64_encode(bytes));
        }
        Value::Array(items) => {
            out.push_str("<array><data>");
            for item in items {
                write_value(out, item);
            }
            out.push_str("</data></array>");
        }
        Value::Struct(members) => {
            out.push_str("<struct>");
            for (name, v) in members {
                let _ = write!(out, "<member><name>{}</name>", escape(name));
                write_value(out, v);
                out.push_str("</member>");
            }
            out.push_str("</struct>");
        }
        Value::Nil => out.push_str("<nil/>"),
    }
    out.push_str("</value>");
}

/// A successful `<methodResponse>` carrying `value`
/// ([XML-RPC, "Response example"](http://xmlrpc.com/spec.md)).
/// For `pingback.ping` this is a string such as "Pingback registered."
/// ([Pingback 1.0, XML-RPC interface](http://www.hixie.ch/specs/pingback/pingback#TOC3)).
pub fn response(value: &Value) -> String {
    let mut out = String::from(XML_DECL);
    out.push_str("<methodResponse><params><param>");
    write_value(&mut out, value);
    out.push_str("</param></params></methodResponse>\n");
    out
}

/// A fault `<methodResponse>` with `faultCode` and `faultString`
/// ([XML-RPC, "Fault example"](http://xmlrpc.com/spec.md); Pingback fault codes in
/// [Pingback 1.0](http://www.hixie.ch/specs/pingback/pingback#TOC3)).
pub fn fault(code: i32, message: &str) -> String {
    let mut out = String::from(XML_DECL);
    out.push_str("<methodResponse><fault>");
    write_value(
        &mut out,
        &Value::Struct(vec![
            ("faultCode".to_owned(), Value::Int(i64::from(code))),
            ("faultString".to_owned(), Value::String(message.to_owned())),
        ]),
    );
    out.push_str("</fault></methodResponse>\n");
    out
}

/// A `<methodCall>` request body, e.g. `call("pingback.ping", &[source, target])`
/// when sending a pingback ([XML-RPC, "Request example"](http://xmlrpc.com/spec.md)).
pub fn call(method: &str, params: &[Value]) -> String {
    let mut out = String::from(XML_DECL);
    let _ = write!(
        out,
        "<methodCall><methodName>{}</methodName><params>",
        escape(method)
    );
    for p in params {
        out.push_str("<param>");
        write_value(&mut out, p);
        out.push_str("</param>");
    }
    out.push_str("</params></methodCall>\n");
    out
}

// ---------------------------------------------------------------------------
// Base64 (RFC 4648, standard alphabet, padded; whitespace ignored on input).
// ---------------------------------------------------------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(B64[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut digits = Vec::with_capacity(text.len());
    let mut padding = 0usize;
    for c in text.bytes() {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'=' => padding += 1,
            _ if padding > 0 => return None,
            b'A'..=b'Z' => digits.push(c - b'A'),
            b'a'..=b'z' => digits.push(c - b'a' + 26),
            b'0'..=b'9' => digits.push(c - b'0' + 52),
            b'+' | b'-' => digits.push(62),
            b'/' | b'_' => digits.push(63),
            _ => return None,
        }
    }
    if padding > 2
        || digits.len() % 4 == 1
        || (padding > 0 && !(digits.len() + padding).is_multiple_of(4))
    {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let [_, b0, b1, b2] = n.to_be_bytes();
        out.push(b0);
        if chunk.len() > 2 {
            out.push(b1);
        }
        if chunk.len() > 3 {
            out.push(b2);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON_PINGBACK: &str = "<?xml version='1.0'?>\n<methodCall>\n<methodName>pingback.ping</methodName>\n<params>\n<param>\n<value><string>http://a/</string></value>\n</param>\n<param>\n<value><string>http://b/post?x=1&amp;y=2</string></value>\n</param>\n</params>\n</methodCall>\n";

    #[test]
    fn parses_call_when_sent_by_python_xmlrpc_client() {
        let call = parse_call(PYTHON_PINGBACK.as_bytes()).unwrap();
        assert_eq!(call.method, "pingback.ping");
        assert_eq!(
            call.params,
            vec![
                Value::String("http://a/".into()),
                Value::String("http://b/post?x=1&y=2".into())
            ]
        );
    }

    #[test]
    fn parses_call_when_wordpress_style_untyped_values() {
        let body = "<?xml version=\"1.0\"?><methodCall><methodName> pingback.ping </methodName><params><param><value>http://a/</value></param><param><value> http://b/ </value></param></params></methodCall>";
        let call = parse_call(body.as_bytes()).unwrap();
        assert_eq!(call.method, "pingback.ping");
        assert_eq!(call.params[0].as_str(), Some("http://a/"));
        // Untyped values keep their whitespace, like <string>.
        assert_eq!(call.params[1].as_str(), Some(" http://b/ "));
    }

    #[test]
    fn parses_call_when_params_are_absent_or_empty() {
        let call = parse_call(b"<methodCall><methodName>x.y</methodName></methodCall>").unwrap();
        assert!(call.params.is_empty());
        let call =
            parse_call(b"<methodCall><methodName>x.y</methodName><params/></methodCall>").unwrap();
        assert!(call.params.is_empty());
    }

    #[test]
    fn parses_typed_values_when_all_scalar_types_present() {
        let body = r#"<methodCall><methodName>t</methodName><params>
<param><value><i4>-12</i4></value></param>
<param><value><int> +7 </int></value></param>
<param><value><i8>9000000000</i8></value></param>
<param><value><boolean>1</boolean></value></param>
<param><value><boolean>0</boolean></value></param>
<param><value><double>-1.5</double></value></param>
<param><value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value></param>
<param><value><base64>
  eW91IGNhbid0IHJlYWQgdGhpcyE=
</base64></value></param>
<param><value><string></string></value></param>
<param><value></value></param>
<param><value/></param>
<param><value><nil/></value></param>
<param><value><ex:nil xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"/></value></param>
</params></methodCall>"#;
        let call = parse_call(body.as_bytes()).unwrap();
        assert_eq!(
            call.params,
            vec![
                Value::Int(-12),
                Value::Int(7),
                Value::Int(9_000_000_000),
                Value::Bool(true),
                Value::Bool(false),
                Value::Double(-1.5),
                Value::DateTime("19980717T14:08:55".into()),
                Value::Base64(b"you can't read this!".to_vec()),
                Value::String(String::new()),
                Value::String(String::new()),
                Value::String(String::new()),
                Value::Nil,
                Value::Nil,
            ]
        );
    }

    #[test]
    fn parses_nested_struct_and_array_when_spec_example() {
        let body = r#"<?xml version="1.0"?>
<methodCall><methodName>examples.nested</methodName><params><param><value>
<struct>
  <member><name>lowerBound</name><value><i4>18</i4></value></member>
  <member><name>list</name><value><array><data>
     <value><i4>12</i4></value>
     <value><string>Egypt</string></value>
     <value>untyped</value>
     <value><array><data/></array></value>
     <value><struct/></value>
  </data></array></value></member>
</struct>
</value></param></params></methodCall>"#;
        let call = parse_call(body.as_bytes()).unwrap();
        assert_eq!(
            call.params,
            vec![Value::Struct(vec![
                ("lowerBound".into(), Value::Int(18)),
                (
                    "list".into(),
                    Value::Array(vec![
                        Value::Int(12),
                        Value::String("Egypt".into()),
                        Value::String("untyped".into()),
                        Value::Array(vec![]),
                        Value::Struct(vec![]),
                    ])
                ),
            ])]
        );
    }

    #[test]
    fn decodes_entities_when_predefined_or_numeric() {
        let body = "<methodCall><methodName>e</methodName><params><param><value><string>&lt;a&gt; &amp; &quot;q&quot; &apos;s&apos; &#233;&#x263A; <![CDATA[<raw & stuff>]]>\u{e9}</string></value></param></params></methodCall>";
        let call = parse_call(body.as_bytes()).unwrap();
        assert_eq!(
            call.params[0].as_str(),
            Some("<a> & \"q\" 's' é☺ <raw & stuff>é")
        );
    }

    #[test]
    fn rejects_doctype_when_billion_laughs() {
        let body = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<methodCall><methodName>&lol3;</methodName></methodCall>"#;
        let err = parse_call(body.as_bytes()).unwrap_err();
        assert_eq!(err, XmlRpcError::Doctype);
        assert_eq!(err.to_string(), "DOCTYPE is not allowed");
        assert_eq!(err.fault_code(), PARSE_ERROR);
    }

    #[test]
    fn rejects_doctype_when_external_entity_declared() {
        let body = r#"<?xml version="1.0"?><!DOCTYPE methodCall [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><methodCall><methodName>x</methodName><params><param><value>&xxe;</value></param></params></methodCall>"#;
        assert_eq!(
            parse_call(body.as_bytes()).unwrap_err(),
            XmlRpcError::Doctype
        );
        let body = r#"<!DOCTYPE methodCall SYSTEM "http://evil.example/x.dtd"><methodCall><methodName>x</methodName></methodCall>"#;
        assert_eq!(
            parse_call(body.as_bytes()).unwrap_err(),
            XmlRpcError::Doctype
        );
    }

    #[test]
    fn rejects_entity_when_not_predefined() {
        let body = "<methodCall><methodName>x</methodName><params><param><value>&xxe;</value></param></params></methodCall>";
        assert_eq!(
            parse_call(body.as_bytes()).unwrap_err(),
            XmlRpcError::UnknownEntity("xxe".into())
        );
    }

    #[test]
    fn rejects_document_when_truncated() {
        let full = PYTHON_PINGBACK.as_bytes();
        for cut in [10, 40, 60, 100, full.len() - 5] {
            let err = parse_call(&full[..cut]).unwrap_err();
            assert!(
                matches!(err, XmlRpcError::Malformed(_)),
                "cut at {cut}: {err:?}"
            );
        }
        assert!(matches!(
            parse_call(b"").unwrap_err(),
            XmlRpcError::Malformed(_)
        ));
    }

    #[test]
    fn rejects_document_when_malformed() {
        for body in [
            "<methodCall><methodName>x</methodCall>",
            "<methodCall><methodName>x</methodName></methodCall><methodCall/>",
            "<methodCall><methodName>a & b</methodName></methodCall>",
            "<methodCall><methodName>&#0;</methodName></methodCall>",
            "<methodCall a=><methodName>x</methodName></methodCall>",
        ] {
            let err = parse_call(body.as_bytes()).unwrap_err();
            assert!(matches!(err, XmlRpcError::Malformed(_)), "{body}: {err:?}");
        }
    }

    #[test]
    fn rejects_call_when_not_xmlrpc() {
        for body in [
            "<methodResponse/>",
            "<methodCall><params/></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value><int>x</int></value></param></params></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value><double>NaN</double></value></param></params></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value><foo/></value></param></params></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value>a<string>b</string></value></param></params></methodCall>",
            "<methodCall><methodName>x</methodName><params><param><value><base64>!!</base64></value></param></params></methodCall>",
        ] {
            let err = parse_call(body.as_bytes()).unwrap_err();
            assert!(matches!(err, XmlRpcError::Invalid(_)), "{body}: {err:?}");
            assert_eq!(err.fault_code(), INVALID_REQUEST);
        }
    }

    #[test]
    fn rejects_body_when_not_utf8() {
        let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>caf\xe9</methodName></methodCall>";
        assert_eq!(parse_call(body).unwrap_err(), XmlRpcError::NotUtf8);
        let utf16: Vec<u8> = "<methodCall/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(utf16);
        assert_eq!(parse_call(&bom).unwrap_err(), XmlRpcError::NotUtf8);
    }

    #[test]
    fn rejects_declared_encoding_when_not_utf8_and_not_ascii() {
        let body = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>café</methodName></methodCall>";
        let err = parse_call(body.as_bytes()).unwrap_err();
        assert!(matches!(err, XmlRpcError::UnsupportedEncoding(_)));
        assert_eq!(err.fault_code(), UNSUPPORTED_ENCODING);
        let ascii = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>x</methodName></methodCall>";
        assert!(parse_call(ascii.as_bytes()).is_ok());
    }

    #[test]
    fn accepts_body_when_utf8_bom() {
        let mut body = b"\xEF\xBB\xBF".to_vec();
        body.extend_from_slice(PYTHON_PINGBACK.as_bytes());
        assert_eq!(parse_call(&body).unwrap().method, "pingback.ping");
    }

    fn nested_arrays(levels: usize) -> String {
        let mut body = String::from("<methodCall><methodName>d</methodName><params><param>");
        for _ in 0..levels {
            body.push_str("<value><array><data>");
        }
        body.push_str("<value><int>1</int></value>");
        for _ in 0..levels {
            body.push_str("</data></array></value>");
        }
        body.push_str("</param></params></methodCall>");
        body
    }

    #[test]
    fn rejects_values_when_nested_too_deep() {
        assert!(parse_call(nested_arrays(MAX_DEPTH).as_bytes()).is_ok());
        assert_eq!(
            parse_call(nested_arrays(MAX_DEPTH + 1).as_bytes()).unwrap_err(),
            XmlRpcError::TooDeep
        );
        assert_eq!(
            parse_call(nested_arrays(10_000).as_bytes()).unwrap_err(),
            XmlRpcError::TooDeep
        );
        let deep_structs = format!(
            "<methodCall><methodName>d</methodName><params><param>{}<value/>{}</param></params></methodCall>",
            "<value><struct><member><name>a</name>".repeat(MAX_DEPTH + 1),
            "</member></struct></value>".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(
            parse_call(deep_structs.as_bytes()).unwrap_err(),
            XmlRpcError::TooDeep
        );
    }

    #[test]
    fn rejects_values_when_too_many() {
        let many = |n: usize| {
            format!(
                "<methodCall><methodName>m</methodName><params><param><value><array><data>{}</data></array></value></param></params></methodCall>",
                "<value/>".repeat(n)
            )
        };
        assert!(parse_call(many(MAX_VALUES - 1).as_bytes()).is_ok());
        assert_eq!(
            parse_call(many(MAX_VALUES).as_bytes()).unwrap_err(),
            XmlRpcError::TooManyValues
        );
    }

    #[test]
    fn rejects_body_when_larger_than_limit() {
        let mut body = PYTHON_PINGBACK.as_bytes().to_vec();
        body.resize(MAX_BODY + 1, b' ');
        assert_eq!(parse_call(&body).unwrap_err(), XmlRpcError::TooLarge);
    }

    #[test]
    fn round_trips_fault_when_message_needs_escaping() {
        let xml = fault(SOURCE_NO_LINK, "no <a href=\"x\"> & such\r\n\u{1}");
        assert_eq!(
            parse_response(xml.as_bytes()).unwrap(),
            MethodResponse::Fault(Fault {
                code: 0x11,
                message: "no <a href=\"x\"> & such\r\n\u{FFFD}".into()
            })
        );
    }

    #[test]
    fn round_trips_response_when_any_value() {
        let value = Value::Struct(vec![
            (
                "s".into(),
                Value::String("Pingback <registered> & ok".into()),
            ),
            ("i".into(), Value::Int(-5)),
            ("big".into(), Value::Int(i64::MAX)),
            ("b".into(), Value::Bool(true)),
            ("d".into(), Value::Double(0.1)),
            ("dt".into(), Value::DateTime("20260101T00:00:00".into())),
            (
                "bin".into(),
                Value::Base64(vec![0, 1, 2, 250, 251, 252, 253]),
            ),
            (
                "a".into(),
                Value::Array(vec![Value::Nil, Value::Array(vec![])]),
            ),
            ("empty".into(), Value::String(String::new())),
        ]);
        let xml = response(&value);
        assert_eq!(
            parse_response(xml.as_bytes()).unwrap(),
            MethodResponse::Success(value)
        );
    }

    #[test]
    fn round_trips_call_when_pingback_ping() {
        let params = [
            Value::String("http://a/?x=1&y=2".into()),
            Value::String("http://b/".into()),
        ];
        let xml = call("pingback.ping", &params);
        let parsed = parse_call(xml.as_bytes()).unwrap();
        assert_eq!(parsed.method, "pingback.ping");
        assert_eq!(parsed.params, params);
    }

    #[test]
    fn writes_fault_for_error_when_parse_fails() {
        let err = parse_call(b"<!DOCTYPE x><x/>").unwrap_err();
        let MethodResponse::Fault(f) = parse_response(err.to_fault().as_bytes()).unwrap() else {
            panic!("expected a fault");
        };
        assert_eq!(f.code, PARSE_ERROR);
        assert_eq!(f.message, "DOCTYPE is not allowed");
    }

    #[test]
    fn round_trips_base64_when_any_length() {
        for len in 0..10 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 200) as u8).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_decode("Zm9vYg"), Some(b"foob".to_vec()));
        assert_eq!(base64_decode("Zm9=vYg"), None);
    }
}

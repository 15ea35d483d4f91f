//! Streaming reader for WordPress export files (WXR 1.0, 1.1, 1.2).
//!
//! Owns the XML side of the import only: bytes in, [`Entry`] values out, one
//! at a time. It must not depend on beitrag-core or any store; the loader
//! maps entries to services.
//!
//! Exports are user uploads, so the input is treated as hostile:
//! - A DOCTYPE is rejected, so no entity can ever be defined: that rules out
//!   XXE and billion laughs without a DTD processor. Only the five predefined
//!   entities and character references are resolved.
//! - Memory is one event buffer plus the entry being built. A text field over
//!   16 MiB or an entry over 64 MiB skips that entry; a single XML token
//!   over 64 MiB or nesting deeper than 64 elements is fatal.
//! - Elements are matched by namespace URI, never by prefix, so a `wp:`
//!   prefix bound to a foreign URI cannot inject fields.
//!
//! Errors come in two kinds (see [`WxrError::fatal`]): a broken document stops
//! the read, a broken entry is skipped so one bad post doesn't sink an import.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};
use std::mem;

use quick_xml::encoding::EncodingError;
use quick_xml::errors::{Error as XmlError, IllFormedError};
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use super::model::{Author, Channel, Comment, Entry, Item, ItemTerm, Meta, Term};

/// WXR needs 6 levels (rss/channel/item/comment/commentmeta/meta_key).
const MAX_DEPTH: usize = 64;
const MAX_FIELD: usize = 16 << 20;
const MAX_ENTRY: usize = 64 << 20;
/// quick-xml buffers a whole token (tag, text run, CDATA section) before we
/// see it, so one token above this is fatal: it cannot be skipped cheaply.
const MAX_TOKEN: u64 = 64 << 20;
/// Don't keep a huge event buffer alive after one huge token.
const KEEP_BUF: usize = 1 << 20;

/// Why reading stopped or an entry was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct WxrError {
    /// 1-based line in the file where the problem was noticed.
    pub line: u64,
    /// Human-readable description, safe to show to the uploader.
    pub message: String,
    /// true: the document cannot be read further (XML syntax error, not WXR,
    /// limits); false: one entry was malformed and has been skipped,
    /// `next_entry` may be called again.
    pub fatal: bool,
}

/// Pull parser over a WXR document; see the module docs for the guarantees.
///
/// Call [`Reader::next_entry`] until it returns `Ok(None)` or a fatal error;
/// [`Reader::channel`] fills in as the header is read.
pub struct Reader<R: BufRead> {
    xml: NsReader<Lines<R>>,
    buf: Vec<u8>,
    channel: Channel,
    phase: Phase,
    failed: Option<WxrError>,
    depth: usize,
    entry_bytes: usize,
    max_field: usize,
    max_entry: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Prolog,
    Rss,
    Channel,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    None,
    Wxr,
    Excerpt,
    Content,
    Dc,
    Other,
}

struct Tag {
    ns: Ns,
    local: String,
    name: String,
    /// `<category>` attributes; an error only matters if an item uses it.
    domain: Option<String>,
    nicename: Option<String>,
    attr_err: Option<String>,
}

enum Ev {
    Start(Tag),
    End,
    Eof,
    Other,
}

type Res<T> = Result<T, WxrError>;

impl<R: BufRead> Reader<R> {
    /// Wraps `input`; nothing is read until the first `next_entry`.
    pub fn new(input: R) -> Self {
        let mut xml = NsReader::from_reader(Lines::new(input));
        let cfg = xml.config_mut();
        // Empty elements become Start+End so depth tracking has one path.
        cfg.expand_empty_elements = true;
        cfg.check_end_names = true;
        cfg.allow_unmatched_ends = false;
        cfg.allow_dangling_amp = false;
        cfg.trim_text(false);
        Self {
            xml,
            buf: Vec::new(),
            channel: Channel::default(),
            phase: Phase::Prolog,
            failed: None,
            depth: 0,
            entry_bytes: 0,
            max_field: MAX_FIELD,
            max_entry: MAX_ENTRY,
        }
    }

    /// The channel header seen so far (version, base URLs, title…).
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    /// Current line (1-based) for progress/error reporting.
    pub fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    /// Next author, term or item; `Ok(None)` at the end of the document.
    ///
    /// After a fatal error every further call returns that error again.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, WxrError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = self.step();
        if let Err(e) = &result
            && e.fatal
        {
            self.failed = Some(e.clone());
        }
        result
    }

    fn step(&mut self) -> Res<Option<Entry>> {
        while self.phase != Phase::Done {
            match (self.phase, self.next(None)?) {
                (Phase::Prolog, Ev::Start(t)) if t.ns == Ns::None && t.local == "rss" => {
                    self.phase = Phase::Rss;
                }
                (Phase::Prolog, Ev::Start(t)) => {
                    let what = format!("the root element is <{}>", clip(&t.name));
                    return Err(self.fatal(format!("not a WordPress export (WXR) file: {what}")));
                }
                (Phase::Prolog, Ev::Eof) => {
                    return Err(self.fatal("not a WordPress export (WXR) file: no root element"));
                }
                (Phase::Rss, Ev::Start(t)) if t.ns == Ns::None && t.local == "channel" => {
                    self.phase = Phase::Channel;
                }
                (Phase::Rss, Ev::Start(_)) => self.skip()?,
                // Whatever follows </rss> is never read.
                (Phase::Rss, Ev::End) => self.end_of(Phase::Done)?,
                (Phase::Channel, Ev::Start(t)) => {
                    let depth = self.depth;
                    match self.channel_child(t) {
                        Ok(None) => {}
                        Ok(entry) => return Ok(entry),
                        Err(e) if e.fatal => return Err(e),
                        Err(e) => {
                            self.skip_until(depth)?;
                            return Err(e);
                        }
                    }
                }
                (Phase::Channel, Ev::End) => self.end_of(Phase::Rss)?,
                _ => {}
            }
        }
        Ok(None)
    }

    fn end_of(&mut self, next: Phase) -> Res<()> {
        self.require_version()?;
        self.phase = next;
        Ok(())
    }

    fn require_version(&self) -> Res<()> {
        match self.channel.version {
            Some(_) => Ok(()),
            None => Err(self.fatal("not a WordPress export (WXR) file: no wp:wxr_version")),
        }
    }

    /// One element directly inside `<channel>`: an entry, or `None` for the rest.
    fn channel_child(&mut self, t: Tag) -> Res<Option<Entry>> {
        let line = self.line();
        self.entry_bytes = 0;
        let kind = t.local.as_str();
        if matches!(
            (t.ns, kind),
            (Ns::Wxr, "author" | "category" | "tag" | "term") | (Ns::None, "item")
        ) {
            self.require_version()?;
        }
        Ok(Some(match (t.ns, kind) {
            (Ns::Wxr, "author") => Entry::Author(self.author(line)?),
            (Ns::Wxr, "category" | "tag" | "term") => Entry::Term(self.term(kind, line)?),
            (Ns::None, "item") => Entry::Item(self.item(line)?),
            _ => {
                self.header_field(&t)?;
                return Ok(None);
            }
        }))
    }

    fn header_field(&mut self, t: &Tag) -> Res<()> {
        match (t.ns, t.local.as_str()) {
            (Ns::Wxr, "wxr_version") => {
                let v = self.trimmed()?;
                if !matches!(v.as_str(), "1.0" | "1.1" | "1.2") {
                    let v = clip(&v);
                    let msg = format!("unsupported WXR version `{v}` (expected 1.0, 1.1 or 1.2)");
                    return Err(self.fatal(msg));
                }
                self.channel.version = Some(v);
            }
            (Ns::None, "title") => self.channel.title = self.text()?,
            (Ns::None, "link") => self.channel.link = self.trimmed()?,
            (Ns::None, "language") => self.channel.language = self.trimmed()?,
            (Ns::Wxr, "base_site_url") => self.channel.base_site_url = self.trimmed()?,
            (Ns::Wxr, "base_blog_url") => self.channel.base_blog_url = self.trimmed()?,
            _ => self.skip()?,
        }
        Ok(())
    }

    fn author(&mut self, line: u64) -> Res<Author> {
        let mut a = Author {
            line,
            ..Author::default()
        };
        let depth = self.depth;
        while let Some(t) = self.child(depth)? {
            match wxr(&t) {
                "author_id" => a.id = self.int("wp:author_id")?,
                "author_login" => a.login = self.trimmed()?,
                "author_email" => a.email = self.trimmed()?,
                "author_display_name" => a.display_name = self.text()?,
                "author_first_name" => a.first_name = self.text()?,
                "author_last_name" => a.last_name = self.text()?,
                _ => self.skip()?,
            }
        }
        Ok(a)
    }

    /// `kind` is the element's local name: "category", "tag" or "term".
    fn term(&mut self, kind: &str, line: u64) -> Res<Term> {
        let taxonomy = match kind {
            "category" => "category",
            "tag" => "post_tag",
            _ => "",
        };
        let mut term = Term {
            line,
            taxonomy: taxonomy.to_owned(),
            ..Term::default()
        };
        let depth = self.depth;
        while let Some(t) = self.child(depth)? {
            match (kind, wxr(&t)) {
                (_, "term_id") => term.id = self.int("wp:term_id")?,
                ("term", "term_taxonomy") => term.taxonomy = self.trimmed()?,
                ("category", "category_nicename") | ("tag", "tag_slug") | ("term", "term_slug") => {
                    term.slug = self.trimmed()?;
                }
                ("category", "cat_name") | ("tag", "tag_name") | ("term", "term_name") => {
                    term.name = self.text()?;
                }
                ("category", "category_parent") | ("term", "term_parent") => {
                    term.parent_slug = self.trimmed()?;
                }
                ("category", "category_description")
                | ("tag", "tag_description")
                | ("term", "term_description") => term.description = self.text()?,
                _ => self.skip()?,
            }
        }
        Ok(term)
    }

    fn item(&mut self, line: u64) -> Res<Item> {
        let mut it = Item {
            line,
            ..Item::default()
        };
        let depth = self.depth;
        while let Some(t) = self.child(depth)? {
            match (t.ns, t.local.as_str()) {
                (Ns::None, "title") => it.title = self.text()?,
                (Ns::None, "link") => it.link = self.trimmed()?,
                (Ns::None, "pubDate") => it.pub_date = self.trimmed()?,
                (Ns::None, "guid") => it.guid = self.trimmed()?,
                (Ns::None, "description") => it.description = self.text()?,
                (Ns::None, "category") => self.item_term(&t, &mut it.terms)?,
                (Ns::Dc, "creator") => it.creator = self.trimmed()?,
                (Ns::Content, "encoded") => it.content = self.text()?,
                (Ns::Excerpt, "encoded") => it.excerpt = self.text()?,
                (Ns::Wxr, field) => self.item_field(field, &mut it)?,
                _ => self.skip()?,
            }
        }
        Ok(it)
    }

    fn item_field(&mut self, field: &str, it: &mut Item) -> Res<()> {
        match field {
            "post_id" => it.post_id = self.int("wp:post_id")?,
            "post_date" => it.post_date = self.trimmed()?,
            "post_date_gmt" => it.post_date_gmt = self.trimmed()?,
            "post_modified" => it.post_modified = self.trimmed()?,
            "post_modified_gmt" => it.post_modified_gmt = self.trimmed()?,
            "comment_status" => it.comment_status = self.trimmed()?,
            "ping_status" => it.ping_status = self.trimmed()?,
            "post_name" => it.post_name = self.trimmed()?,
            "status" => it.status = self.trimmed()?,
            "post_parent" => it.post_parent = self.int("wp:post_parent")?,
            "menu_order" => it.menu_order = self.int("wp:menu_order")?.unwrap_or(0),
            "post_type" => it.post_type = self.trimmed()?,
            "post_password" => it.post_password = self.text()?,
            "is_sticky" => it.is_sticky = self.trimmed()? == "1",
            "attachment_url" => it.attachment_url = self.trimmed()?,
            "postmeta" => {
                let meta = self.meta()?;
                self.charge(mem::size_of::<Meta>())?;
                it.meta.push(meta);
            }
            "comment" => {
                let comment = self.comment()?;
                self.charge(mem::size_of::<Comment>())?;
                it.comments.push(comment);
            }
            _ => self.skip()?,
        }
        Ok(())
    }

    /// WordPress ignores `<category>` without `nicename`: WXR 1.0 writes each
    /// term twice, once bare and once with attributes.
    fn item_term(&mut self, t: &Tag, terms: &mut Vec<ItemTerm>) -> Res<()> {
        if let Some(e) = &t.attr_err {
            return Err(self.bad(e.clone()));
        }
        let name = self.text()?;
        if let Some(slug) = &t.nicename {
            self.charge(mem::size_of::<ItemTerm>())?;
            let domain = t.domain.clone().unwrap_or_default();
            terms.push(ItemTerm {
                domain,
                slug: slug.clone(),
                name,
            });
        }
        Ok(())
    }

    fn comment(&mut self) -> Res<Comment> {
        let mut c = Comment::default();
        let depth = self.depth;
        while let Some(t) = self.child(depth)? {
            match wxr(&t) {
                "comment_id" => c.id = self.int("wp:comment_id")?,
                "comment_author" => c.author = self.text()?,
                "comment_author_email" => c.author_email = self.trimmed()?,
                "comment_author_url" => c.author_url = self.trimmed()?,
                "comment_author_IP" => c.author_ip = self.trimmed()?,
                "comment_date" => c.date = self.trimmed()?,
                "comment_date_gmt" => c.date_gmt = self.trimmed()?,
                "comment_content" => c.content = self.text()?,
                "comment_approved" => c.approved = self.trimmed()?,
                "comment_type" => c.kind = self.trimmed()?,
                "comment_parent" => c.parent = self.int("wp:comment_parent")?,
                "comment_user_id" => c.user_id = self.int("wp:comment_user_id")?,
                "commentmeta" => {
                    let meta = self.meta()?;
                    self.charge(mem::size_of::<Meta>())?;
                    c.meta.push(meta);
                }
                _ => self.skip()?,
            }
        }
        Ok(c)
    }

    fn meta(&mut self) -> Res<Meta> {
        let mut m = Meta::default();
        let depth = self.depth;
        while let Some(t) = self.child(depth)? {
            match wxr(&t) {
                "meta_key" => m.key = self.text()?,
                "meta_value" => m.value = self.text()?,
                _ => self.skip()?,
            }
        }
        Ok(m)
    }

    /// Next child element of the element open at `depth`, or `None` once it closes.
    fn child(&mut self, depth: usize) -> Res<Option<Tag>> {
        loop {
            match self.next(None)? {
                Ev::Start(t) => return Ok(Some(t)),
                Ev::End if self.depth < depth => return Ok(None),
                _ => {}
            }
        }
    }

    /// Text content of the element just opened, up to its end tag. Text of
    /// nested elements is dropped, like PHP's `(string) $simplexml`.
    fn text(&mut self) -> Res<String> {
        let depth = self.depth;
        let mut s = String::new();
        loop {
            let sink = if self.depth == depth {
                Some(&mut s)
            } else {
                None
            };
            if let Ev::End = self.next(sink)?
                && self.depth < depth
            {
                return Ok(s);
            }
        }
    }

    /// ASCII whitespace only, like PHP's trim(): NBSP or ZWSP in a login is data.
    fn trimmed(&mut self) -> Res<String> {
        Ok(ascii_trim(&self.text()?).to_owned())
    }

    fn int(&mut self, field: &str) -> Res<Option<i64>> {
        let s = self.trimmed()?;
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse() {
            Ok(n) => Ok(Some(n)),
            Err(_) => Err(self.bad(format!("{field} `{}` is not a number", clip(&s)))),
        }
    }

    /// Consumes the rest of the element just opened, children included.
    fn skip(&mut self) -> Res<()> {
        self.skip_until(self.depth)
    }

    /// Reads until the element open at `depth` has closed.
    fn skip_until(&mut self, depth: usize) -> Res<()> {
        let depth = depth.max(1);
        while self.depth >= depth {
            // Without a sink `next` reports nothing but fatal errors.
            self.next(None)?;
        }
        Ok(())
    }

    /// Reads one event. Text, CDATA and references go to `sink` when given,
    /// which is where per-field and per-entry limits apply.
    fn next(&mut self, sink: Option<&mut String>) -> Res<Ev> {
        // Taken out of self so the event's borrow doesn't lock the reader.
        let mut buf = mem::take(&mut self.buf);
        buf.clear();
        let result = self.next_in(&mut buf, sink);
        if buf.capacity() <= KEEP_BUF {
            self.buf = buf;
        }
        result
    }

    fn next_in(&mut self, buf: &mut Vec<u8>, sink: Option<&mut String>) -> Res<Ev> {
        self.xml.get_mut().token = 0;
        let (ns, event) = match self.xml.read_resolved_event_into(buf) {
            Ok((res, event)) => (ns_of(&res), event),
            Err(e) => return Err(self.xml_error(&e)),
        };
        match event {
            Event::Start(e) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    let msg = format!("elements are nested more than {MAX_DEPTH} levels deep");
                    return Err(self.fatal(msg));
                }
                return Ok(Ev::Start(tag(ns, &e)));
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                return Ok(Ev::End);
            }
            // quick-xml passes `]]>` in text through; XML forbids it, and
            // accepting it would silently garble a nested-CDATA export.
            Event::Text(t) if t.windows(3).any(|w| w == b"]]>") => {
                return Err(self.fatal("malformed XML: `]]>` outside a CDATA section"));
            }
            Event::Text(t) => self.append(sink, || t.xml10_content())?,
            Event::CData(t) => self.append(sink, || t.xml10_content())?,
            Event::GeneralRef(r) => {
                if sink.is_some() {
                    let text = self.reference(&r)?;
                    self.append(sink, || Ok(text))?;
                }
            }
            Event::DocType(_) => return Err(self.fatal("DOCTYPE declarations are not accepted")),
            Event::Decl(d) => self.check_encoding(&d)?,
            Event::Eof if self.depth > 0 => {
                let msg = "malformed XML: unexpected end of file inside an element (truncated?)";
                return Err(self.fatal(msg));
            }
            Event::Eof => return Ok(Ev::Eof),
            // Empty never comes: expand_empty_elements turns it into Start+End.
            Event::Comment(_) | Event::PI(_) | Event::Empty(_) => {}
        }
        Ok(Ev::Other)
    }

    fn reference(&self, r: &BytesRef) -> Res<Cow<'static, str>> {
        let name = String::from_utf8_lossy(r);
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) if is_xml_char(c) => Ok(Cow::Owned(c.to_string())),
                _ => Err(self.bad(format!("invalid character reference &{};", clip(&name)))),
            };
        }
        match resolve_xml_entity(&name) {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => Err(self.bad(format!("undefined entity reference &{};", clip(&name)))),
        }
    }

    /// Decodes only when there is a sink: skipped text costs no UTF-8 check.
    fn append<'t>(
        &mut self,
        sink: Option<&mut String>,
        text: impl FnOnce() -> Result<Cow<'t, str>, EncodingError>,
    ) -> Res<()> {
        let Some(sink) = sink else { return Ok(()) };
        let text = text().map_err(|e| self.bad(format!("unreadable text: {e}")))?;
        if sink.len() + text.len() > self.max_field {
            return Err(self.bad(format!(
                "a text field is larger than {}",
                size(self.max_field)
            )));
        }
        self.charge(text.len())?;
        sink.push_str(&text);
        Ok(())
    }

    /// Counts memory held by the current entry.
    fn charge(&mut self, bytes: usize) -> Res<()> {
        self.entry_bytes = self.entry_bytes.saturating_add(bytes);
        if self.entry_bytes > self.max_entry {
            return Err(self.bad(format!("the entry is larger than {}", size(self.max_entry))));
        }
        Ok(())
    }

    /// Without quick-xml's `encoding` feature everything is read as UTF-8,
    /// so another declared charset would silently garble text.
    fn check_encoding(&self, d: &BytesDecl) -> Res<()> {
        let Some(Ok(enc)) = d.encoding() else {
            return Ok(());
        };
        let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
        if matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
            return Ok(());
        }
        let msg = format!(
            "unsupported encoding `{}`: only UTF-8 exports can be read",
            clip(&enc)
        );
        Err(self.fatal(msg))
    }

    fn xml_error(&self, e: &XmlError) -> WxrError {
        let lines = self.xml.get_ref();
        if lines.token > lines.max_token {
            return self.fatal(format!(
                "an XML token is larger than {}",
                size(MAX_TOKEN as usize)
            ));
        }
        self.fatal(match e {
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                let (expected, found) = (clip(expected), clip(found));
                format!("malformed XML: expected </{expected}>, found </{found}>")
            }
            other => format!("malformed XML: {other}"),
        })
    }

    fn fatal(&self, message: impl Into<String>) -> WxrError {
        WxrError {
            line: self.line(),
            message: message.into(),
            fatal: true,
        }
    }

    fn bad(&self, message: impl Into<String>) -> WxrError {
        WxrError {
            line: self.line(),
            message: message.into(),
            fatal: false,
        }
    }
}

/// Local name of a WXR-namespace element; "" (matches no field) otherwise.
fn wxr(t: &Tag) -> &str {
    if t.ns == Ns::Wxr { &t.local } else { "" }
}

fn ns_of(res: &ResolveResult) -> Ns {
    let uri = match res {
        ResolveResult::Unbound => return Ns::None,
        // An undeclared prefix: not namespace-well-formed, and certainly not WXR.
        ResolveResult::Unknown(_) => return Ns::Other,
        ResolveResult::Bound(ns) => ns.0,
    };
    match uri {
        b"" => return Ns::None,
        b"http://purl.org/rss/1.0/modules/content/" => return Ns::Content,
        b"http://purl.org/dc/elements/1.1/" => return Ns::Dc,
        _ => {}
    }
    // WordPress.com exports (the theme unit test data) use https.
    let rest = uri
        .strip_prefix(b"https://")
        .or_else(|| uri.strip_prefix(b"http://"));
    match rest.and_then(|r| r.strip_prefix(b"wordpress.org/export/1.")) {
        Some(b"0/" | b"1/" | b"2/") => Ns::Wxr,
        Some(b"0/excerpt/" | b"1/excerpt/" | b"2/excerpt/") => Ns::Excerpt,
        _ => Ns::Other,
    }
}

fn tag(ns: Ns, e: &BytesStart) -> Tag {
    let mut tag = Tag {
        ns,
        local: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        domain: None,
        nicename: None,
        attr_err: None,
    };
    if ns != Ns::None || tag.local != "category" {
        return tag;
    }
    for attr in e.attributes() {
        let result = attr.map_err(XmlError::from).and_then(|a| {
            let value = a.normalized_value(XmlVersion::Implicit1_0)?;
            Ok((a.key.as_ref().to_vec(), ascii_trim(&value).to_owned()))
        });
        match result {
            Ok((key, v)) if key == b"domain" => tag.domain = Some(v),
            Ok((key, v)) if key == b"nicename" => tag.nicename = Some(v),
            Ok(_) => {}
            Err(err) => tag.attr_err = Some(format!("bad attribute in <category>: {err}")),
        }
    }
    tag
}

fn ascii_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// The XML 1.0 `Char` production: `&#1;` or a lone surrogate is not text.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Keeps hostile values from bloating error messages.
fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Counts lines in what quick-xml consumes, so errors point at real file
/// lines, and caps how much one token may pull in.
struct Lines<R> {
    inner: R,
    newlines: u64,
    /// Bytes consumed since the current event started.
    token: u64,
    max_token: u64,
}

impl<R> Lines<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            newlines: 0,
            token: 0,
            max_token: MAX_TOKEN,
        }
    }

    fn count(&mut self, consumed: &[u8]) {
        self.newlines += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
        self.token += consumed.len() as u64;
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.count(out.get(..n).unwrap_or_default());
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.token > self.max_token {
            return Err(io::Error::other("XML token too large"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // fill_buf without an intervening consume returns the same buffered
        // bytes (BufRead contract), so this does no I/O.
        if amount > 0
            && let Ok(available) = self.inner.fill_buf()
        {
            let n = amount.min(available.len());
            let newlines = available[..n].iter().filter(|&&b| b == b'\n').count();
            self.newlines += newlines as u64;
        }
        self.token += amount as u64;
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests;

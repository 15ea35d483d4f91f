//! [TrackBack 1.2](http://archive.cweiske.de/trackback/trackback-1.2.html):
//! reading a ping form, writing the XML responses and the RDF autodiscovery block.
//!
//! The caller decodes the `application/x-www-form-urlencoded` body (TrackBack
//! senders may use a legacy charset; decode it to UTF-8 first) and hands the
//! pairs to [`parse_ping`]. Ping fields are untrusted text: escape or sanitise
//! them when rendering.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::xmlrpc::escape;

/// Longest kept `title`, in characters.
pub const MAX_TITLE: usize = 250;
/// Longest kept `excerpt`, in characters.
pub const MAX_EXCERPT: usize = 1000;
/// Longest kept `blog_name`, in characters.
pub const MAX_BLOG_NAME: usize = 250;

/// A received TrackBack ping ([TrackBack 1.2, "Sending a TrackBack Ping"](http://archive.cweiske.de/trackback/trackback-1.2.html)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackbackPing {
    /// The permalink of the pinging entry (required; `http(s)` only; normalised).
    pub url: String,
    /// The entry's title (trimmed, at most [`MAX_TITLE`] characters). The spec
    /// lets receivers show `url` when it is absent; that is left to the caller.
    pub title: Option<String>,
    /// An excerpt (trimmed, at most [`MAX_EXCERPT`] characters).
    pub excerpt: Option<String>,
    /// The name of the pinging weblog (trimmed, at most [`MAX_BLOG_NAME`] characters).
    pub blog_name: Option<String>,
}

/// Cleans an optional field: first occurrence, control characters dropped,
/// trimmed, empty becomes `None`, capped to `max` characters (ending in `…`
/// when cut).
fn field(form: &[(String, String)], name: &str, max: usize) -> Option<String> {
    let raw = form.iter().find(|(k, _)| k == name).map(|(_, v)| v)?;
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().count() <= max {
        return Some(trimmed.to_owned());
    }
    let mut cut: String = trimmed.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Some(cut)
}

/// Reads the form fields of a TrackBack ping (`url`, `title`, `excerpt`,
/// `blog_name`; [TrackBack 1.2, "Sending a TrackBack Ping"](http://archive.cweiske.de/trackback/trackback-1.2.html)).
///
/// `url` is required and must be an absolute `http`/`https` URL with a host;
/// the other fields are optional and capped. The first occurrence of each
/// field counts. The error string is suitable for [`error`].
pub fn parse_ping(form: &[(String, String)]) -> Result<TrackbackPing, String> {
    let raw = form
        .iter()
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| "No URL given".to_owned())?;
    let url = Url::parse(raw).map_err(|_| "The URL is not valid".to_owned())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err("The URL must be an http or https URL".to_owned());
    }
    Ok(TrackbackPing {
        url: url.to_string(),
        title: field(form, "title", MAX_TITLE),
        excerpt: field(form, "excerpt", MAX_EXCERPT),
        blog_name: field(form, "blog_name", MAX_BLOG_NAME),
    })
}

/// The success response to a ping ([TrackBack 1.2, "Sending a TrackBack Ping"](http://archive.cweiske.de/trackback/trackback-1.2.html)):
/// `<response><error>0</error></response>`, served as `text/xml`.
pub fn success() -> String {
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<response>\n<error>0</error>\n</response>\n"
        .to_owned()
}

/// The error response to a ping ([TrackBack 1.2, "Sending a TrackBack Ping"](http://archive.cweiske.de/trackback/trackback-1.2.html)):
/// `<error>1</error>` and the escaped `message`.
pub fn error(message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<response>\n<error>1</error>\n<message>{}</message>\n</response>\n",
        escape(message)
    )
}

/// Longest response body read when sending a ping.
const MAX_RESPONSE: usize = 64 * 1024;

/// Reads the answer to a ping we sent: `Ok(())` for `<error>0</error>`, the
/// receiver's message (or a description of what was wrong with the answer)
/// otherwise. Entities other than XML's five and character references are
/// refused, so nothing is ever expanded.
pub fn parse_response(body: &[u8]) -> Result<(), String> {
    use quick_xml::Reader;
    use quick_xml::events::Event;

    if body.len() > MAX_RESPONSE {
        return Err("the answer is too long".into());
    }
    let text = std::str::from_utf8(body).map_err(|_| "the answer is not UTF-8".to_owned())?;
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    let mut current: Option<String> = None;
    let (mut error, mut message) = (None::<String>, String::new());
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("the answer is not XML: {e}"))?;
        match event {
            Event::Start(s) => {
                current = Some(String::from_utf8_lossy(s.local_name().as_ref()).into_owned());
                if current.as_deref() == Some("error") {
                    error = Some(String::new());
                }
            }
            Event::End(_) => current = None,
            Event::Text(t) => {
                let t = t
                    .xml10_content()
                    .map_err(|_| "the answer is not UTF-8".to_owned())?;
                match current.as_deref() {
                    Some("error") => error.get_or_insert_default().push_str(&t),
                    Some("message") => message.push_str(&t),
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                let c = crate::xmlrpc::resolve_ref(&r).map_err(|e| e.to_string())?;
                if current.as_deref() == Some("message") {
                    message.push(c);
                }
            }
            Event::DocType(_) => return Err("the answer has a document type".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    match error.as_deref().map(str::trim) {
        Some("0") => Ok(()),
        Some(_) if !message.trim().is_empty() => Err(message.trim().to_owned()),
        Some(_) => Err("the receiver reported an error".into()),
        None => Err("the answer has no <error> element".into()),
    }
}

/// The RDF autodiscovery block for a post page, wrapped in an HTML comment
/// ([TrackBack 1.2, "Auto-Discovery of TrackBack Ping URLs"](http://archive.cweiske.de/trackback/trackback-1.2.html)).
///
/// All values are escaped for XML attributes; since `<` and `>` are escaped,
/// no value can close the comment early.
pub fn rdf(permalink: &str, title: &str, ping_url: &str) -> String {
    let permalink = escape(permalink);
    format!(
        "<!--\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n         xmlns:trackback=\"http://madskills.com/public/xml/rss/module/trackback/\">\n<rdf:Description\n    rdf:about=\"{permalink}\"\n    dc:identifier=\"{permalink}\"\n    dc:title=\"{}\"\n    trackback:ping=\"{}\" />\n</rdf:RDF>\n-->",
        escape(title),
        escape(ping_url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn reads_response_when_it_is_ours_or_another_engines() {
        assert_eq!(parse_response(success().as_bytes()), Ok(()));
        assert_eq!(
            parse_response(error("Zu spät & zu oft").as_bytes()),
            Err("Zu spät & zu oft".into())
        );
        // WordPress answers without a declaration and with whitespace.
        assert_eq!(
            parse_response(b"<response>\n<error> 0 </error>\n</response>"),
            Ok(())
        );
        assert!(parse_response(b"<response><error>1</error></response>").is_err());
    }

    #[test]
    fn refuses_response_when_hostile_or_not_trackback() {
        let bomb = b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">]><response><error>0</error><message>&a;</message></response>";
        assert!(parse_response(bomb).is_err());
        assert!(parse_response(b"<html><body>Hello</body></html>").is_err());
        assert!(parse_response(&[0xff, 0xfe, 0x00]).is_err());
        assert!(parse_response("x".repeat(MAX_RESPONSE + 1).as_bytes()).is_err());
        let unknown = b"<response><error>1</error><message>&ouml;</message></response>";
        assert!(parse_response(unknown).is_err());
    }

    #[test]
    fn parses_ping_when_all_fields_present() {
        let ping = parse_ping(&form(&[
            ("title", " Foo Bar "),
            ("url", "http://www.bar.com/"),
            ("excerpt", "My Excerpt"),
            ("blog_name", "Foo"),
        ]))
        .unwrap();
        assert_eq!(
            ping,
            TrackbackPing {
                url: "http://www.bar.com/".into(),
                title: Some("Foo Bar".into()),
                excerpt: Some("My Excerpt".into()),
                blog_name: Some("Foo".into()),
            }
        );
    }

    #[test]
    fn parses_ping_when_only_url() {
        let ping = parse_ping(&form(&[("url", "https://x.example/p"), ("title", "  ")])).unwrap();
        assert_eq!(ping.url, "https://x.example/p");
        assert_eq!(ping.title, None);
        assert_eq!(ping.excerpt, None);
        assert_eq!(ping.blog_name, None);
    }

    #[test]
    fn rejects_ping_when_url_missing() {
        assert!(parse_ping(&form(&[("title", "t")])).is_err());
        assert!(parse_ping(&form(&[("url", "   ")])).is_err());
    }

    #[test]
    fn rejects_ping_when_url_not_http() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "ftp://x.example/",
            "file:///etc/passwd",
            "/relative",
            "http://",
        ] {
            assert!(parse_ping(&form(&[("url", bad)])).is_err(), "{bad}");
        }
    }

    #[test]
    fn caps_fields_when_too_long() {
        let long = "é".repeat(5000);
        let ping = parse_ping(&form(&[
            ("url", "https://x.example/"),
            ("title", &long),
            ("excerpt", &long),
            ("blog_name", &long),
        ]))
        .unwrap();
        let title = ping.title.unwrap();
        assert_eq!(title.chars().count(), MAX_TITLE);
        assert!(title.ends_with('…'));
        assert_eq!(ping.excerpt.unwrap().chars().count(), MAX_EXCERPT);
        assert_eq!(ping.blog_name.unwrap().chars().count(), MAX_BLOG_NAME);
        let exact = "a".repeat(MAX_TITLE);
        let ping = parse_ping(&form(&[("url", "https://x.example/"), ("title", &exact)])).unwrap();
        assert_eq!(ping.title.as_deref(), Some(exact.as_str()));
    }

    #[test]
    fn drops_control_characters_when_parsing() {
        let ping = parse_ping(&form(&[
            ("url", "https://x.example/"),
            ("title", "a\u{0}b\u{7}c"),
        ]))
        .unwrap();
        assert_eq!(ping.title.as_deref(), Some("abc"));
    }

    #[test]
    fn writes_success_when_ping_accepted() {
        assert_eq!(
            success(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<response>\n<error>0</error>\n</response>\n"
        );
    }

    #[test]
    fn escapes_message_when_writing_error() {
        let xml = error("bad <url> & \"stuff\"");
        assert!(xml.contains("<error>1</error>"));
        assert!(xml.contains("<message>bad &lt;url&gt; &amp; &quot;stuff&quot;</message>"));
    }

    #[test]
    fn escapes_values_when_writing_rdf() {
        let block = rdf(
            "https://me.example/p?a=1&b=2",
            "Title with \"quotes\" --> <script>",
            "https://me.example/trackback/1",
        );
        assert!(block.starts_with("<!--\n<rdf:RDF"));
        assert!(block.ends_with("</rdf:RDF>\n-->"));
        assert_eq!(block.matches("-->").count(), 1);
        assert!(block.contains("rdf:about=\"https://me.example/p?a=1&amp;b=2\""));
        assert!(block.contains("dc:identifier=\"https://me.example/p?a=1&amp;b=2\""));
        assert!(block.contains("dc:title=\"Title with &quot;quotes&quot; --&gt; &lt;script&gt;\""));
        assert!(block.contains("trackback:ping=\"https://me.example/trackback/1\""));
        assert!(
            block.contains(
                "xmlns:trackback=\"http://madskills.com/public/xml/rss/module/trackback/\""
            )
        );
    }
}

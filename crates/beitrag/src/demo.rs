//! Demo content for a new blog: a small German community-management blog
//! written for beitrag, so that every section of every page has something
//! to show. Created through the same services as real content.

use anyhow::{Context, Result};
use beitrag_core::model::{CommentKind, CommentStatus, OpenClosed, PostKind, PostStatus, Role};
use beitrag_core::service::comment::{self, Submission};
use beitrag_core::service::post::{PostInput, save_batch};
use beitrag_core::service::user::{self, UserInput};
use beitrag_core::{Actor, Core};
use chrono::{DateTime, Duration, TimeZone, Utc};

fn at(y: i32, m: u32, d: u32, h: u32) -> Option<DateTime<Utc>> {
    chrono_tz::Europe::Berlin
        .with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

struct Demo {
    title: &'static str,
    slug: &'static str,
    author: &'static str,
    date: Option<DateTime<Utc>>,
    tags: &'static [&'static str],
    categories: &'static [&'static str],
    body: &'static str,
    closed: bool,
    sticky: bool,
    status: PostStatus,
}

fn posts(now: DateTime<Utc>) -> Vec<Demo> {
    vec![
        Demo {
            title: "Social Media wird so normal wie das Telefon",
            slug: "social-media-wird-so-normal-wie-das-telefon",
            author: "anna",
            date: at(2011, 1, 26, 9),
            tags: &["Community", "Social Media", "Zukunft"],
            categories: &["Social Media/Strategie"],
            body: "Vor zwanzig Jahren hat niemand gefragt, ob ein Unternehmen ein Telefon braucht. Es stand einfach auf jedem Schreibtisch.\n\n> Wer heute noch fragt, ob sich Social Media lohnt, fragt eigentlich, ob sich Gespräche lohnen.\n\nGenau dorthin bewegen wir uns: Jeder trägt überall bei, in der Kantine wie im Kommentarfeld. Community-Management ist dann keine Sonderaufgabe mehr, sondern eine Grundfähigkeit – wie freundlich ans Telefon zu gehen.\n\n## Was das für Teams bedeutet\n\n1. Zuhören wird wichtiger als Senden.\n2. Antworten brauchen Menschen mit Namen.\n3. Regeln für Gespräche gehören ins Onboarding.\n",
            closed: true,
            sticky: false,
            status: PostStatus::Published,
        },
        Demo {
            title: "Willkommen im Gemeinschaftsblog",
            slug: "willkommen",
            author: "jonas",
            date: at(2011, 1, 10, 8),
            tags: &["Community", "In eigener Sache"],
            categories: &["Allgemein"],
            body: "Schön, dass Sie hier sind! In diesem Blog schreiben wir über Communitys, Moderation und darüber, wie Organisationen ins Gespräch kommen.\n\nKommentare sind ausdrücklich erwünscht – dafür ist dieses Blog da.\n",
            closed: false,
            sticky: true,
            status: PostStatus::Published,
        },
        Demo {
            title: "Fünf Regeln für gute Moderation",
            slug: "fuenf-regeln-fuer-gute-moderation",
            author: "anna",
            date: at(2011, 2, 3, 14),
            tags: &["Moderation", "Community"],
            categories: &["Community-Management"],
            body: "Moderation ist Gastgeberschaft. Fünf Regeln haben sich bei uns bewährt:\n\n| Regel | Warum |\n|---|---|\n| Schnell antworten | Wer wartet, fühlt sich übergangen. |\n| Mit Namen zeichnen | Menschen sprechen lieber mit Menschen. |\n| Regeln verlinken | Transparenz schafft Vertrauen. |\n| ~~Löschen~~ Erklären | Ein erklärter Eingriff überzeugt mehr. |\n| Danke sagen | Beiträge sind Geschenke. |\n\n- [x] Netiquette veröffentlicht\n- [ ] Moderationsplan für den Urlaub\n",
            closed: false,
            sticky: false,
            status: PostStatus::Published,
        },
        Demo {
            title: "Trackbacks: Wenn Blogs miteinander sprechen",
            slug: "trackbacks-wenn-blogs-miteinander-sprechen",
            author: "jonas",
            date: at(2011, 2, 17, 10),
            tags: &["Blogosphäre", "Trackback"],
            categories: &["Social Media"],
            body: "Ein Trackback ist ein Händedruck zwischen zwei Blogs: Wer über einen Artikel schreibt, sagt dem anderen Blog Bescheid.[^1]\n\nSo entstehen Gespräche über Blog-Grenzen hinweg – lange bevor es Retweets gab.\n\n[^1]: Heute übernehmen Pingbacks und Webmentions diese Aufgabe.\n",
            closed: false,
            sticky: false,
            status: PostStatus::Published,
        },
        Demo {
            title: "Redaktionsplan für kleine Teams",
            slug: "redaktionsplan-fuer-kleine-teams",
            author: "anna",
            date: at(2011, 3, 8, 11),
            tags: &["Redaktion", "Planung"],
            categories: &["Social Media/Strategie"],
            body: "Ein Redaktionsplan muss nicht kompliziert sein. Eine Tabelle mit Datum, Thema, Autorin und Kanal reicht für den Anfang.\n\nWichtig ist nur, dass alle ihn sehen – und dass Lücken erlaubt sind.\n",
            closed: false,
            sticky: false,
            status: PostStatus::Published,
        },
        Demo {
            title: "Das Fediverse als Chance für Blogs",
            slug: "das-fediverse-als-chance-fuer-blogs",
            author: "jonas",
            date: at(2024, 5, 14, 16),
            tags: &["Fediverse", "Zukunft"],
            categories: &["Social Media"],
            body: "Blogs waren immer schon dezentral. Mit ActivityPub können Artikel nun direkt in Timelines landen – und Antworten kommen als Kommentare zurück.\n\nDas ist die Blogosphäre, wie wir sie uns 2011 gewünscht hätten.\n",
            closed: false,
            sticky: false,
            status: PostStatus::Published,
        },
        Demo {
            title: "Entwurf: Umfrage unter unseren Leserinnen und Lesern",
            slug: "umfrage-entwurf",
            author: "anna",
            date: None,
            tags: &["Umfrage"],
            categories: &["Allgemein"],
            body: "Dieser Entwurf ist noch nicht veröffentlicht.\n",
            closed: false,
            sticky: false,
            status: PostStatus::Draft,
        },
        Demo {
            title: "Ausblick: Unser Community-Barcamp",
            slug: "ausblick-community-barcamp",
            author: "jonas",
            date: Some(now + Duration::days(7)),
            tags: &["Barcamp", "Community"],
            categories: &["Community-Management"],
            body: "Dieser Artikel erscheint automatisch zum geplanten Termin.\n",
            closed: false,
            sticky: false,
            status: PostStatus::Scheduled,
        },
    ]
}

/// Creates the demo authors, posts, page, comments and trackback.
pub async fn create(core: &Core) -> Result<()> {
    for (login, name, bio) in [
        (
            "anna",
            "Anna Becker",
            "Anna Becker begleitet seit 2008 Unternehmen beim Aufbau von Communitys und schreibt hier über Strategie und Moderation.",
        ),
        (
            "jonas",
            "Jonas Weber",
            "Jonas Weber ist Blogger der ersten Stunde und interessiert sich für alles, was Blogs miteinander verbindet.",
        ),
    ] {
        user::create(
            core,
            &Actor::Operator,
            UserInput {
                login: login.into(),
                display_name: name.into(),
                email: format!("{login}@example.org"),
                role: Role::Author,
                bio: bio.into(),
            },
            &user::generate_password(),
        )
        .await
        .with_context(|| format!("cannot create demo author {login}"))?;
    }
    let now = Utc::now();
    let mut inputs: Vec<PostInput> = posts(now)
        .into_iter()
        .map(|d| PostInput {
            id: None,
            kind: PostKind::Post,
            status: d.status,
            title: d.title.into(),
            slug: Some(d.slug.into()),
            source: d.body.into(),
            format: beitrag_core::model::SourceFormat::Markdown,
            excerpt: String::new(),
            author: d.author.into(),
            published_at: d.date,
            updated_at: d.date,
            comment_status: Some(if d.closed {
                OpenClosed::Closed
            } else {
                OpenClosed::Open
            }),
            ping_status: Some(if d.closed {
                OpenClosed::Closed
            } else {
                OpenClosed::Open
            }),
            sticky: d.sticky,
            trackbacks: Vec::new(),
            tags: d.tags.iter().map(|s| (*s).to_owned()).collect(),
            categories: d.categories.iter().map(|s| (*s).to_owned()).collect(),
            featured_media: None,
        })
        .collect();
    inputs.push(PostInput {
        id: None,
        kind: PostKind::Page,
        status: PostStatus::Published,
        title: "Über uns".into(),
        slug: Some("ueber-uns".into()),
        source: "Wir sind Anna und Jonas und schreiben seit 2011 über Community-Management.\n\nSchreiben Sie uns gern über die Kommentare.\n".into(),
        format: beitrag_core::model::SourceFormat::Markdown,
        excerpt: String::new(),
        author: "anna".into(),
        published_at: at(2011, 1, 5, 12),
        updated_at: at(2011, 1, 5, 12),
        comment_status: Some(OpenClosed::Closed),
        ping_status: Some(OpenClosed::Closed),
        sticky: false,
        trackbacks: Vec::new(),
        tags: Vec::new(),
        categories: Vec::new(),
        featured_media: None,
    });
    let ids = save_batch(core, &Actor::Import, inputs, false)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let moderation = ids.get(2).copied().context("demo posts missing")?;
    let trackbacks = ids.get(3).copied().context("demo posts missing")?;
    // Responses go through the one pipeline, as an import (approved, no
    // spam defences), at the times they were written.
    let settings = beitrag_core::service::settings::load(core.read()).await?;
    let submit = |s: Submission, minutes: i64| {
        let when = at(2011, 2, 4, 9).unwrap_or(now) + Duration::minutes(minutes);
        let settings = settings.clone();
        async move {
            comment::submit(core, &Actor::Import, &settings, s, when)
                .await
                .map(|a| a.id)
        }
    };
    let said = |post, name: &str, email: &str, text: &str, parent| Submission {
        post_id: Some(post),
        parent,
        kind: Some(CommentKind::Comment),
        author_name: name.into(),
        author_email: email.into(),
        text: text.into(),
        status: Some(CommentStatus::Approved),
        ..Submission::default()
    };
    let first = submit(
        said(
            moderation,
            "Petra",
            "petra@example.net",
            "Regel drei unterschreibe ich sofort. Transparenz ist alles!",
            None,
        ),
        0,
    )
    .await?;
    submit(
        said(
            moderation,
            "Anna Becker",
            "anna@example.org",
            "Danke, Petra! Genau das erleben wir auch.",
            Some(first),
        ),
        45,
    )
    .await?;
    submit(
        said(
            trackbacks,
            "Michael",
            "michael@example.net",
            "Schöner Rückblick. Ich vermisse die Trackback-Kultur.",
            None,
        ),
        60 * 24 * 14,
    )
    .await?;
    submit(
        Submission {
            post_id: Some(trackbacks),
            kind: Some(CommentKind::Trackback),
            author_name: "Netzgespräche".into(),
            author_url: "https://netzgespraeche.example/".into(),
            text: "Jonas erklärt, warum Trackbacks Blogs verbinden – lesenswert.".into(),
            source_url: "https://netzgespraeche.example/2011/02/blogs-verbinden/".into(),
            source_title: "Blogs verbinden".into(),
            status: Some(CommentStatus::Approved),
            ..Submission::default()
        },
        60 * 24 * 15,
    )
    .await?;
    Ok(())
}
